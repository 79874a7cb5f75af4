using System.Text;
using System.Xml;
using IncidentCenter.Shared;

namespace IncidentCenter.StatusPage.Public;

/// <summary>
/// Atom feeds of published updates, one entry per update (corrections replace what they corrected).
/// Text goes through XmlWriter, so titles are escaped; bodies are SafeMarkdown's HTML, itself
/// escaped as the text of a type="html" content element. Links are relative to the status page
/// unless StatusPage:PublicUrl is set.
/// </summary>
public static class AtomFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    public static byte[] Write(PublicStatusSnapshot snapshot, string baseUrl, PublicComponentView? component = null)
    {
        var incidents = snapshot.ActiveIncidents.Concat(snapshot.RecentIncidents).DistinctBy(i => i.Id)
            .Where(i => component is null || i.Components.Any(c => c.Id == component.Id));
        var entries = incidents
            .SelectMany(i => i.Updates.Select(u => (Incident: i, Update: u)))
            .OrderByDescending(e => e.Update.PublishedAt).ThenByDescending(e => e.Update.Id)
            .Take(100)
            .ToList();
        var self = component is null ? "/status/feed.atom" : $"/status/components/{component.Id}/feed.atom";
        var updated = entries.Count > 0 ? entries.Max(e => e.Update.PublishedAt) : snapshot.UpdatedAt;

        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = false }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNamespace);
            xml.WriteElementString("id", AtomNamespace, component is null ? "urn:incidentcenter:status" : $"urn:incidentcenter:status:component:{component.Id}");
            xml.WriteElementString("title", AtomNamespace, XmlText(component is null ? StatusDocument.PageName : $"{component.Name} — {StatusDocument.PageName}"));
            xml.WriteElementString("updated", AtomNamespace, Stamp(updated));
            Link(xml, "self", baseUrl + self, "application/atom+xml");
            Link(xml, "alternate", baseUrl + "/status", "text/html");
            xml.WriteStartElement("author", AtomNamespace);
            xml.WriteElementString("name", AtomNamespace, StatusDocument.PageName);
            xml.WriteEndElement();
            foreach (var (incident, update) in entries)
            {
                xml.WriteStartElement("entry", AtomNamespace);
                xml.WriteElementString("id", AtomNamespace, $"urn:incidentcenter:status:update:{update.Id}");
                xml.WriteElementString("title", AtomNamespace, XmlText($"{incident.Title} — {update.Stage}{(update.IsCorrection ? " (corrected)" : "")}"));
                xml.WriteElementString("updated", AtomNamespace, Stamp(update.PublishedAt));
                xml.WriteElementString("published", AtomNamespace, Stamp(update.EffectiveAt));
                Link(xml, "alternate", $"{baseUrl}/status/incidents/{incident.Id}", "text/html");
                xml.WriteStartElement("content", AtomNamespace);
                xml.WriteAttributeString("type", "html");
                xml.WriteString(XmlText(EntryHtml(update)));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static string EntryHtml(PublicUpdateItem update)
    {
        var html = new StringBuilder();
        html.Append("<p><strong>").Append(update.Stage).Append("</strong> — ")
            .Append(Time.Utc(update.EffectiveAt));
        if (update.IsBackdated)
        {
            html.Append(" (backdated, published ").Append(Time.Utc(update.PublishedAt)).Append(')');
        }
        html.Append("</p>").Append(SafeMarkdown.ToHtml(update.Body));
        if (update.IsCorrection && update.OriginalBody is { } original)
        {
            html.Append("<p><em>Corrected. Original text:</em></p><blockquote>").Append(SafeMarkdown.ToHtml(original)).Append("</blockquote>");
        }
        return html.ToString();
    }

    /// <summary>
    /// Drops the characters XML 1.0 cannot carry (control characters other than tab and line breaks,
    /// lone surrogates): XmlWriter throws on them, which would break the whole feed for one pasted character.
    /// </summary>
    internal static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i, 2);
                i++;
            }
        }
        return clean.ToString();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", AtomNamespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Stamp(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
