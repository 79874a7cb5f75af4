using Bunit;
using IncidentCenter.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace IncidentCenter.Tests.Shared;

/// <summary>
/// A TextBox renders only when something drawn changes. A keystroke's echo (the page storing what was typed and
/// handing it back) is not drawn, because the browser already shows it. Every render gives the box a new input
/// handler, and under load renders that crossed keystrokes wrote older text into the box.
/// </summary>
public sealed class TextBoxTests : IDisposable
{
    private readonly BunitContext _ui = new();

    public void Dispose() => _ui.Dispose();

    [Fact]
    public void Typing_stores_each_keystroke_without_rendering_the_box_again()
    {
        var page = _ui.Render<Holder>();
        var box = page.FindComponent<TextBox>();
        var renders = box.RenderCount;

        page.Find("input").Input("R");
        page.Find("input").Input("Ro");
        page.Find("input").Input("Rol");

        Assert.Equal("Rol", page.Instance.Text);
        Assert.Equal(renders + 1, box.RenderCount); // once: the label moves up when the box first holds text
        page.Find("input").Input("Roll");
        Assert.Equal(renders + 1, box.RenderCount);
    }

    [Fact]
    public void Text_the_page_sets_is_drawn_into_the_box()
    {
        var page = _ui.Render<Holder>();
        page.Find("input").Input("Rolled back");

        page.Render(p => p.Add(h => h.Text, ""));   // a save clears it
        Assert.Equal("", page.Find("input").GetAttribute("value") ?? "");

        page.Render(p => p.Add(h => h.Text, "A restored draft"));
        Assert.Equal("A restored draft", page.Find("input").GetAttribute("value"));
    }

    [Fact]
    public void A_new_message_or_label_is_drawn_while_the_text_is_unchanged()
    {
        var page = _ui.Render<Holder>();
        page.Find("input").Input("x");

        page.Render(p => p.Add(h => h.Error, "At most 200 characters."));
        Assert.Contains("At most 200 characters.", page.Markup);
        Assert.Equal("true", page.Find("input").GetAttribute("aria-invalid"));

        page.Render(p => p.Add(h => h.Error, null));
        Assert.DoesNotContain("At most 200 characters.", page.Markup);
    }

    [Fact]
    public void Parameters_handed_again_with_the_same_content_do_not_render_but_a_changed_attribute_does()
    {
        var page = _ui.Render<Holder>(p => p.Add(h => h.DraftKey, "draft-1"));
        var box = page.FindComponent<TextBox>();
        page.Find("input").Input("x");
        var renders = box.RenderCount;

        page.Render(p => p.Add(h => h.DraftKey, "draft-1"));
        Assert.Equal(renders, box.RenderCount);

        page.Render(p => p.Add(h => h.DraftKey, "draft-2"));
        Assert.Equal("draft-2", page.Find("input").GetAttribute("data-draft-key"));
    }

    private sealed class Holder : ComponentBase
    {
        [Parameter] public string? Text { get; set; }
        [Parameter] public string? Error { get; set; }
        [Parameter] public string? DraftKey { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenComponent<TextBox>(0);
            builder.AddComponentParameter(1, nameof(TextBox.Label), "Note");
            builder.AddComponentParameter(2, nameof(TextBox.Value), Text);
            // A new closure on every render, as pages often pass: the box is handed its parameters again each time.
            var holder = this;
            builder.AddComponentParameter(3, nameof(TextBox.ValueChanged), EventCallback.Factory.Create<string?>(this, v => holder.Text = v));
            builder.AddComponentParameter(4, nameof(TextBox.ErrorText), Error);
            if (DraftKey is not null)
            {
                builder.AddComponentParameter(5, "data-draft-key", DraftKey);
            }
            builder.CloseComponent();
        }
    }
}
