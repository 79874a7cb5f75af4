namespace IncidentCenter.Postmortems;

/// <summary>A line diff for comparing revisions: ' ' unchanged, '-' only before, '+' only after.</summary>
public static class LineDiff
{
    /// <summary>Above this many cells the middle part is shown as removed-then-added rather than aligned.</summary>
    private const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        var a = PostmortemMarkdown.Normalize(before).Split('\n');
        var b = PostmortemMarkdown.Normalize(after).Split('\n');
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }
        var result = new List<DiffLine>(a.Length + b.Length);
        result.AddRange(a[..prefix].Select(l => new DiffLine(' ', l)));
        var x = a[prefix..(a.Length - suffix)];
        var y = b[prefix..(b.Length - suffix)];
        if ((long)x.Length * y.Length > MaxCells)
        {
            result.AddRange(x.Select(l => new DiffLine('-', l)));
            result.AddRange(y.Select(l => new DiffLine('+', l)));
        }
        else
        {
            // Longest common subsequence, walked from the front.
            var lcs = new int[x.Length + 1, y.Length + 1];
            for (var i = x.Length - 1; i >= 0; i--)
            {
                for (var j = y.Length - 1; j >= 0; j--)
                {
                    lcs[i, j] = x[i] == y[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }
            int p = 0, q = 0;
            while (p < x.Length && q < y.Length)
            {
                if (x[p] == y[q])
                {
                    result.Add(new DiffLine(' ', x[p]));
                    p++;
                    q++;
                }
                else if (lcs[p + 1, q] >= lcs[p, q + 1])
                {
                    result.Add(new DiffLine('-', x[p++]));
                }
                else
                {
                    result.Add(new DiffLine('+', y[q++]));
                }
            }
            result.AddRange(x[p..].Select(l => new DiffLine('-', l)));
            result.AddRange(y[q..].Select(l => new DiffLine('+', l)));
        }
        result.AddRange(a[(a.Length - suffix)..].Select(l => new DiffLine(' ', l)));
        return result;
    }
}
