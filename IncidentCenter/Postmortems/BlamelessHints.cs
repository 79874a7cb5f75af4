using System.Text.RegularExpressions;

namespace IncidentCenter.Postmortems;

/// <summary>
/// Flags wording that puts the blame on a person, for reviewers to consider. A hint, never a block:
/// the words can be right in context ("we removed the blame from the runbook").
/// The patterns run on the non-backtracking engine, so their cost grows with the length of the
/// text, not its square: a post-mortem may hold 1,000,000 characters, some of them hostile
/// (a line of "a-a-a-…" made `[\p{L}-]+'s fault` backtrack over the whole line at every position).
/// </summary>
public static partial class BlamelessHints
{
    private const string Person = @"(?:[A-Z][\p{L}'-]+|he|she|they|someone|somebody|the (?:engineer|developer|operator|admin|on-call(?: engineer)?))";

    /// <summary>At most this many hints are listed; a longer list helps nobody.</summary>
    public const int MaxHints = 100;

    /// <summary>A phrase longer than this is shown by its end ("…'s fault"), so one hostile word cannot fill the page.</summary>
    public const int MaxPhraseLength = 60;

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private static readonly (Regex Pattern, string Suggestion)[] Rules =
    [
        (new(@"\b[\p{L}-]+'s fault\b|\b(?:his|her|their|my|your) fault\b|\bfault of\b", Options | RegexOptions.IgnoreCase),
            "Describe what in the system or process let this happen, not whose fault it was."),
        (new(@"\bblam(?:e|ed|es|ing)\b", Options | RegexOptions.IgnoreCase),
            "Post-mortems look for causes, not culprits: describe the conditions that led to the event."),
        (new(@"\bshould(?:n't| not)? have (?:known|noticed|caught|seen|checked|realized|realised)\b", Options | RegexOptions.IgnoreCase),
            "That is hindsight: describe what was known at the time, and why the action made sense then."),
        (new(@"\bcareless(?:ly|ness)?\b|\bsloppy\b|\breckless(?:ly)?\b|\blazy\b", Options | RegexOptions.IgnoreCase),
            "Judges a person; describe what made the mistake easy to make, and what would catch it next time."),
        (new(@"\bhuman errors?\b", Options | RegexOptions.IgnoreCase),
            "Human error is where the analysis starts, not where it ends: what made the error possible, and why was it not caught?"),
        (new(@"\b" + Person + @" (?:forgot|failed|neglected|didn't bother|did not bother) to\b", Options),
            "Names a person's omission; describe the missing safeguard (checklist, automation, alert) instead."),
        (new(@"\bnegligen(?:t|ce)\b|\bincompeten(?:t|ce)\b", Options | RegexOptions.IgnoreCase),
            "A charge against a person; describe the gap in process or tooling instead."),
        (new(@"\bstupid(?:ity)?\b|\bdumb\b|\bidiot(?:ic)?\b", Options | RegexOptions.IgnoreCase),
            "Insulting wording; describe what happened and what made it likely."),
        (new(@"\b(?:his|her|their) mistake\b|\bmistake (?:by|of) [A-Z][\p{L}'-]+\b", Options | RegexOptions.IgnoreCase),
            "Attributes the mistake to a person; describe the step that went wrong and why it was easy to get wrong."),
    ];

    /// <summary>Every blaming phrase with its 1-based line, in document order (the first <see cref="MaxHints"/>).</summary>
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
                    hints.Add((i + 1, m.Index, new BlameHint(i + 1, Clip(m.Value), suggestion)));
                }
            }
        }
        return hints.OrderBy(h => h.Line).ThenBy(h => h.Column).Take(MaxHints).Select(h => h.Hint).ToList();
    }

    private static string Clip(string phrase) =>
        phrase.Length <= MaxPhraseLength ? phrase : string.Concat("…", phrase.AsSpan(phrase.Length - (MaxPhraseLength - 1)));
}
