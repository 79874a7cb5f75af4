using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using IncidentCenter.StatusPage;
using IncidentCenter.StatusPage.Public;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentCenter.Tests.StatusPage;

/// <summary>
/// Fuzz pass over the anonymous public endpoints (StatusPageEndpoints: /status, /status/history,
/// /status/incidents/{id:int}, the feeds, /api/v2/*.json, /status/live): hostile route values and query
/// strings never get a 5xx, and never add an entry to the public response cache (PublicStatusCache).
/// </summary>
public class PublicEndpointFuzzTests
{
    /// <summary>Every public route; "{v}" is where the hostile value goes (a route value, or a path segment no route expects).</summary>
    private static readonly string[] Templates =
    [
        "/status", "/status/history", "/status/feed.atom", "/status/live",
        "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json",
        "/status/incidents/{v}", "/status/components/{v}/feed.atom", "/status/{v}", "/status/{v}/feed.atom",
        "/api/v2/{v}.json", "/api/v2/incidents/{v}.json",
    ];

    /// <summary>Pieces of hostile input: control characters, bidi overrides, lone surrogates, traversal, pre-encoded bytes, odd numbers.</summary>
    private static readonly string[] Atoms =
    [
        "\0", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\r\n", "\u001b", "\u007f", "\u0085",
        "\u202e", "\u202d", "\u2066", "\u2067", "\u200f", "\u200b", "\ufeff", "\ufffe", "\uffff",
        "\ud800", "\udfff", "\udbff\udfff", "😀", "ü", "ﷺ",
        "%00", "%0d%0a", "%ED%A0%80", "%ED%BF%BF", "%C0%AE", "%C0%AF", "%FF", "%E2%80%AE", "%", "%%", "%2", "%zz", "%252e",
        "..", "../", "..\\", "%2e%2e%2f", "%2e%2e/", "..%2f", "....//", "/", "//", "\\", "/etc/passwd", "C:\\Windows\\win.ini",
        "<script>alert(1)</script>", "\"'", "`", "${7*7}", "{{7*7}}", "<!--", "]]>", ";", "&", "=", "?", "#", "+", " ",
        "0", "-1", "1", "00000000000000000001", "2147483647", "2147483648", "-2147483649", "99999999999999999999999",
        "1e9", "0x10", "NaN", "Infinity", "1.5", "١٢٣", "１２３",
        "[", "]", "{", "}", "a[b]", "a[][]", "__proto__", "constructor",
    ];

    [Fact]
    public async Task Hostile_route_values_and_query_strings_get_no_5xx_and_do_not_grow_the_public_cache()
    {
        await using var app = new StatusPageApp();
        var api = await app.Seed.AddComponentAsync("Public API");
        var (id, _) = await app.DeclareAsync("Internal title");
        await app.Seed.PublishAsync(id, "Slow API", StatusStage.Investigating, StatusImpact.Minor, "Looking.", DateTime.UtcNow, components: [(api, ComponentStatus.DegradedPerformance)]);
        await app.AnnounceAsync(id);
        var browser = app.CreateBrowser();
        // Every legitimate response once, including the shared 404 of each kind of unknown id.
        foreach (var path in Templates.Where(t => !t.Contains("{v}") && t != StatusLiveFeed.Path)
            .Concat([$"/status/incidents/{id}", $"/status/components/{api}/feed.atom", "/status/incidents/999999", "/status/components/999999/feed.atom", "/status/no-such-page"]))
        {
            var warm = await browser.GetAsync(path);
            Assert.True((int)warm.StatusCode is 200 or 404, $"{path}: {warm.StatusCode}");
        }
        var cache = app.Services.GetRequiredService<PublicStatusCache>();
        var keys = cache.Keys.Order().ToList();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var refusedBeforeTheApp = new System.Collections.Concurrent.ConcurrentBag<string>();

        var property = Prop.ForAll(Arb.From(Cases()), async c =>
        {
            using var request = new HttpRequestMessage(c.Head ? HttpMethod.Head : HttpMethod.Get, c.Uri);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            HttpResponseMessage response;
            try
            {
                response = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (InvalidOperationException e) when (e.StackTrace?.Contains("PathString.FromUriComponent", StringComparison.Ordinal) == true)
            {
                // A path that decodes to NUL: TestServer refuses it before the app as Kestrel does (400 from the
                // request-line decoder). Counted as such; every other exception fails the case.
                statuses.AddOrUpdate(400, 1, (_, n) => n + 1);
                refusedBeforeTheApp.Add(c.ToString());
                return;
            }
            using var _ = response;
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if (!c.Uri.AbsolutePath.Equals(StatusLiveFeed.Path, StringComparison.Ordinal))
            {
                await response.Content.ReadAsByteArrayAsync(timeout.Token);
            }
            Assert.True((int)response.StatusCode < 500, $"{c}: {(int)response.StatusCode} {response.StatusCode}");
        });
        // Off xunit's synchronization context: FsCheck waits for each asynchronous case.
        await Task.Run(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(200)));

        Assert.Equal(200, statuses.Values.Sum());
        Assert.Equal(keys, cache.Keys.Order().ToList());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/status")).StatusCode);
        // The pass reached both the routes (200s) and past them (404s), not only one of the two.
        Assert.Contains(200, statuses.Keys);
        Assert.Contains(404, statuses.Keys);
        // Only paths with an encoded NUL are refused before the app, and not all cases are such.
        Assert.All(refusedBeforeTheApp, c => Assert.True(c.Contains("\\u0000", StringComparison.Ordinal) || c.Contains("%00", StringComparison.Ordinal), c));
        Assert.True(refusedBeforeTheApp.Count < 100, $"{refusedBeforeTheApp.Count} of 200 never reached the app");
    }

    public sealed record FuzzCase(string Template, string Value, string QueryKey, string QueryValue, bool Raw, bool Head)
    {
        /// <summary>
        /// The value percent-encoded as UTF-8 (a lone surrogate as its 3-byte WTF-8 form, e.g. %ED%A0%80); "raw" lets
        /// '%', '/' and '\' through as typed, so pre-encoded sequences and traversal reach the server as such.
        /// </summary>
        public Uri Uri
        {
            get
            {
                var query = $"?{Encode(QueryKey, Raw)}={Encode(QueryValue, Raw)}&last={Encode(QueryValue, Raw)}&{Encode(QueryValue, raw: false)}";
                var text = "http://localhost" + Template.Replace("{v}", Encode(Value, Raw)) + query;
                return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri
                    : new Uri("http://localhost" + Template.Replace("{v}", Encode(Value, raw: false)) + $"?{Encode(QueryKey, false)}={Encode(QueryValue, false)}");
            }
        }

        public override string ToString() =>
            $"{(Head ? "HEAD" : "GET")} {Template} raw={Raw} value=[{Show(Value)}] key=[{Show(QueryKey)}] query=[{Show(QueryValue)}]";

        private static string Show(string s) =>
            (s.Length > 80 ? s[..80] + $"...({s.Length} chars)" : s).Aggregate(new StringBuilder(), (b, c) => c < 0x20 || char.IsSurrogate(c) || c is >= '\u202a' and <= '\u202e' ? b.Append($"\\u{(int)c:x4}") : b.Append(c)).ToString();
    }

    private static Gen<FuzzCase> Cases()
    {
        var atom = Gen.Elements(Atoms);
        var control = Gen.Choose(0, 31).Select(c => ((char)c).ToString());
        var anyChar = Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString());
        var piece = Gen.OneOf(atom, atom, atom, control, anyChar);
        var composed = Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(piece, n)).Select(string.Concat);
        // Very long: one piece repeated up to ~16,000 characters.
        var longOne = from p in atom.Where(a => a.Length > 0)
                      from n in Gen.Choose(200, 4000)
                      let s = string.Concat(Enumerable.Repeat(p, n))
                      select s.Length > 16_000 ? s[..16_000] : s;
        // Deep nesting: brackets, braces, parentheses or path segments, hundreds deep.
        var nested = from opener in Gen.Elements("[", "{", "(", "a[", "%5B", "../", "x/", "<b>", "{\"a\":")
                     from depth in Gen.Choose(50, 1500)
                     select string.Concat(Enumerable.Repeat(opener, depth)) + "1";
        // Numbers that parse as route ints: made-up ids (and a few real ones) in every spelling.
        var number = from n in Gen.OneOf(Gen.Choose(-5, 50), Gen.Choose(int.MinValue, int.MaxValue))
                     from spelling in Gen.Elements("{0}", "0{0}", "+{0}", "{0:D12}", " {0}")
                     select string.Format(System.Globalization.CultureInfo.InvariantCulture, spelling, n);
        var hostile = Gen.OneOf(composed, composed, composed, longOne, nested, number, number);
        return from template in Gen.Elements(Templates)
               from value in hostile
               from key in Gen.OneOf(hostile, Gen.Elements("last", "id", "page", "format", "callback", "a[b][c]"))
               from query in hostile
               from raw in Gen.Elements(false, true)
               from head in Gen.Elements(false, false, true)
               select new FuzzCase(template, value, key, query, raw, head);
    }

    private static string Encode(string s, bool raw)
    {
        var text = new StringBuilder(s.Length * 3);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~'
                || raw && c is '%' or '/' or '\\')
            {
                text.Append(c);
                continue;
            }
            byte[] bytes;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                bytes = Encoding.UTF8.GetBytes(s.Substring(i++, 2));
            }
            else if (char.IsSurrogate(c))
            {
                bytes = [(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))];
            }
            else
            {
                bytes = Encoding.UTF8.GetBytes(c.ToString());
            }
            foreach (var b in bytes)
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}
