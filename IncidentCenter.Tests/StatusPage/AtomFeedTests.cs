using System.Xml.Linq;
using IncidentCenter.StatusPage.Public;

namespace IncidentCenter.Tests.StatusPage;

public class AtomFeedTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static XDocument Parse(byte[] feed) => XDocument.Parse(System.Text.Encoding.UTF8.GetString(feed));

    [Fact]
    public void Every_update_is_an_entry_newest_first_linking_to_its_incident()
    {
        var feed = Parse(AtomFeed.Write(SampleSnapshot.Create(), "https://status.example.com"));

        var entries = feed.Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(["urn:incidentcenter:status:update:12", "urn:incidentcenter:status:update:11", "urn:incidentcenter:status:update:5"],
            entries.Select(e => e.Element(Atom + "id")!.Value));
        Assert.Equal("https://status.example.com/status/incidents/3", entries[0].Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Equal("Slow API — Identified (corrected)", entries[0].Element(Atom + "title")!.Value);
        Assert.Equal("2026-11-23T09:55:00Z", entries[0].Element(Atom + "updated")!.Value);
        Assert.Contains("backdated", entries[0].Element(Atom + "content")!.Value);
        Assert.Contains("The original wording.", entries[0].Element(Atom + "content")!.Value);
    }

    [Fact]
    public void Hostile_title_and_body_are_escaped_text_not_markup()
    {
        var raw = AtomFeed.Write(SampleSnapshot.Create(SampleSnapshot.HostileTitle, SampleSnapshot.HostileBody), "");
        var text = System.Text.Encoding.UTF8.GetString(raw);

        // No element or attribute injected into the XML: the only elements are Atom's own.
        var feed = Parse(raw);
        Assert.All(feed.Descendants(), e => Assert.Equal(Atom, e.Name.Namespace));
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", text, StringComparison.OrdinalIgnoreCase);
        var entry = feed.Root!.Element(Atom + "entry")!;
        Assert.Equal(SampleSnapshot.HostileTitle + " — Identified (corrected)", entry.Element(Atom + "title")!.Value);
        // The content is HTML as text; a reader that renders it sees the script as text, and the javascript: link is gone.
        var html = entry.Element(Atom + "content")!.Value;
        Assert.Contains("&lt;script&gt;alert('body')&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("<strong>bold</strong>", html);
    }

    [Fact]
    public void A_component_feed_carries_only_incidents_affecting_that_component()
    {
        var feed = Parse(AtomFeed.Write(SampleSnapshot.Create(), "", SampleSnapshot.Web));

        Assert.Equal(["urn:incidentcenter:status:update:5"], feed.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
        Assert.Equal("/status/components/8/feed.atom", feed.Root.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
    }

    [Fact]
    public void Characters_that_XML_cannot_carry_are_dropped_instead_of_breaking_the_feed()
    {
        // Pasted text can hold control characters (form feed, vertical tab, escape); the feed must stay well-formed.
        var feed = Parse(AtomFeed.Write(SampleSnapshot.Create("Slow\u0001 API", "Step one\u000Bdone\u000C, \u001B[31mred\u001B[0m"), ""));

        var entry = feed.Root!.Element(Atom + "entry")!;
        Assert.Equal("Slow API — Identified (corrected)", entry.Element(Atom + "title")!.Value);
        Assert.Contains("Step onedone, [31mred[0m", entry.Element(Atom + "content")!.Value);
    }
}
