using IncidentCenter.Incidents;

namespace IncidentCenter.Tests.Incidents;

public sealed class ServiceNamesTests
{
    [Theory]
    [InlineData(null, new string[0])]
    [InlineData(" , ,", new string[0])]
    [InlineData("Payments API", new[] { "Payments API" })]
    [InlineData(" Payments API ,Checkout,, payments api ", new[] { "Payments API", "Checkout" })]
    public void Splits_on_commas_trims_and_keeps_each_name_once_ignoring_case(string? text, string[] expected) =>
        Assert.Equal(expected, ServiceNames.Split(text));
}
