using IncidentCenter.Postmortems;

namespace IncidentCenter.Tests.Postmortems;

public class BlamelessHintsTests
{
    [Theory]
    [InlineData("It was Bob's fault.", "Bob's fault")]
    [InlineData("We should not blame the tooling", "blame")]
    [InlineData("She should have known the flag was on.", "should have known")]
    [InlineData("A careless deploy", "careless")]
    [InlineData("Root cause: human error.", "human error")]
    [InlineData("Then Dave forgot to renew the certificate", "Dave forgot to")]
    [InlineData("the engineer failed to check the dashboard", "the engineer failed to")]
    [InlineData("This was negligent", "negligent")]
    [InlineData("A stupid mistake", "stupid")]
    public void Blaming_wording_is_flagged_with_its_line(string sentence, string phrase)
    {
        var hint = Assert.Single(BlamelessHints.Find($"# Post-mortem\n\n{sentence}\n"));

        Assert.Equal(3, hint.Line);
        Assert.Equal(phrase, hint.Phrase, ignoreCase: true);
        Assert.NotEmpty(hint.Suggestion);
    }

    [Fact]
    public void Neutral_wording_and_the_default_templates_pass()
    {
        Assert.Empty(BlamelessHints.Find("The deploy failed to start.\nA blameless review.\nThe check was missing, so the error was easy to make.\n"));
        Assert.Empty(BlamelessHints.Find(DefaultTemplates.Full));
        Assert.Empty(BlamelessHints.Find(DefaultTemplates.Short));
    }
}
