namespace IncidentCenter.Postmortems;

/// <summary>
/// The post-mortem text in the editor against the version the server holds: whether it is dirty, what a
/// save or an action's result may replace (never text typed meanwhile), and how a conflict keeps the
/// person's text while moving the base to the current version. The editor page only shows it.
/// </summary>
public sealed class PostmortemDraft
{
    /// <summary>The server's copy last taken, or null when no post-mortem exists yet.</summary>
    public PostmortemView? View { get; private set; }

    /// <summary>The text in the editor.</summary>
    public string Markdown { get; set; } = "";

    /// <summary>The text the server holds at <see cref="BaseVersion"/>; the editor is dirty while Markdown differs.</summary>
    public string SavedMarkdown { get; private set; } = "";

    public int BaseVersion { get; private set; }

    public bool Dirty => View is not null && Markdown != SavedMarkdown;

    public bool IsPublished => View?.State == PostmortemState.Published;

    /// <summary>
    /// Takes the server's copy. The text in the editor is replaced only when it holds nothing unsaved,
    /// or when <paramref name="replaceText"/> says the copy is the result of what the person asked for.
    /// Returns true when the editor's text was replaced.
    /// </summary>
    public bool Adopt(PostmortemView? fresh, bool replaceText = false)
    {
        var keepText = Dirty && !replaceText;
        View = fresh;
        if (fresh is null || keepText)
        {
            return false;
        }
        Markdown = SavedMarkdown = fresh.Markdown;
        BaseVersion = fresh.Version;
        return true;
    }

    /// <summary><paramref name="text"/> was saved as <paramref name="saved"/>; text typed since stays unsaved.</summary>
    public void Saved(string text, PostmortemView saved)
    {
        View = saved;
        BaseVersion = saved.Version;
        SavedMarkdown = text;
    }

    /// <summary>
    /// Someone else saved first: keep this person's text, move to the current version, so the next save
    /// replaces it knowingly (the other version stays in the history).
    /// </summary>
    public void Conflict(PostmortemView? current)
    {
        if (current is null)
        {
            return;
        }
        View = current;
        BaseVersion = current.Version;
        SavedMarkdown = current.Markdown;
    }

    /// <summary>
    /// An action (review, publish, refresh…) ran on the saved text <paramref name="sent"/> and returned
    /// <paramref name="result"/>. True when the editor took the result; false when the person typed while
    /// it ran: the editor keeps that text, unsaved.
    /// </summary>
    public bool ActionDone(string sent, PostmortemView result)
    {
        if (Markdown != sent)
        {
            Adopt(result, replaceText: false);
            return false;
        }
        Adopt(result, replaceText: true);
        return true;
    }

    /// <summary>A copy kept in the browser or a paused circuit comes back: shown (not saved) when it differs and nothing here is unsaved.</summary>
    public bool Restore(string? saved)
    {
        if (string.IsNullOrEmpty(saved) || saved == Markdown || Dirty)
        {
            return false;
        }
        Markdown = saved;
        return true;
    }
}
