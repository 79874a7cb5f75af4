using System.Text.RegularExpressions;

namespace IncidentCenter.Postmortems;

/// <summary>
/// Flags wording that puts the blame on a person, for reviewers to consider. A hint, never a block:
/// the words can be right in context ("we removed the blame from the runbook").
/// </summary>
public static partial class BlamelessHints
{
    private const string Person = @"(?:[A-Z][\p{L}'-]+|he|she|they|someone|somebody|the (?:engineer|developer|operator|admin|on-call(?: engineer)?))";

    private static readonly (Regex Pattern, string Suggestion)[] Rules =
    [
        (new(@"\b[\p{L}-]+'s fault\b|\b(?:his|her|their|my|your) fault\b|\bfault of\b", RegexOptions.IgnoreCase),
            "Describe what in the system or process let this happen, not whose fault it was."),
        (new(@"\bblam(?:e|ed|es|ing)\b", RegexOptions.IgnoreCase),
            "Post-mortems look for causes, not culprits: describe the conditions that led to the event."),
        (new(@"\bshould(?:n't| not)? have (?:known|noticed|caught|seen|checked|realized|realised)\b", RegexOptions.IgnoreCase),
            "That is hindsight: describe what was known at the time, and why the action made sense then."),
        (new(@"\bcareless(?:ly|ness)?\b|\bsloppy\b|\breckless(?:ly)?\b|\blazy\b", RegexOptions.IgnoreCase),
            "Judges a person; describe what made the mistake easy to make, and what would catch it next time."),
        (new(@"\bhuman errors?\b", RegexOptions.IgnoreCase),
            "Human error is where the analysis starts, not where it ends: what made the error possible, and why was it not caught?"),
        (new(@"\b" + Person + @" (?:forgot|failed|neglected|didn't bother|did not bother) to\b"),
            "Names a person's omission; describe the missing safeguard (checklist, automation, alert) instead."),
        (new(@"\bnegligen(?:t|ce)\b|\bincompeten(?:t|ce)\b", RegexOptions.IgnoreCase),
            "A charge against a person; describe the gap in process or tooling instead."),
        (new(@"\bstupid(?:ity)?\b|\bdumb\b|\bidiot(?:ic)?\b", RegexOptions.IgnoreCase),
            "Insulting wording; describe what happened and what made it likely."),
        (new(@"\b(?:his|her|their) mistake\b|\bmistake (?:by|of) [A-Z][\p{L}'-]+\b", RegexOptions.IgnoreCase),
            "Attributes the mistake to a person; describe the step that went wrong and why it was easy to get wrong."),
    ];

    /// <summary>Every blaming phrase with its 1-based line, in document order.</summary>
    public static IReadOnlyList<BlameHint> Find(string markdown)
    {
        var hints = new List<(int Line, int Column, BlameHint Hint)>();
        var lines = PostmortemMarkdown.Normalize(markdown).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var (pattern, suggestion) in Rules)
            {
                foreach (Match m in pattern.Matches(lines[i]))
                {
                    hints.Add((i + 1, m.Index, new BlameHint(i + 1, m.Value, suggestion)));
                }
            }
        }
        return hints.OrderBy(h => h.Line).ThenBy(h => h.Column).Select(h => h.Hint).ToList();
    }
}
