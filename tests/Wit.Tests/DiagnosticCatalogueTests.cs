using System.Reflection;

namespace WitSharp.Wit.Tests;

public class DiagnosticCatalogueTests
{
    private static List<WitDiagnosticDescriptor> Descriptors() =>
        typeof(WitDiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (WitDiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

    [Fact]
    public void Ids_AreUnique()
    {
        var ids = Descriptors().Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Readme_ListsEveryDiagnostic()
    {
        var readme = File.ReadAllText(Path.Combine(TestWit.RepositoryRoot(), "src", "Wit", "README.md"));
        Assert.All(Descriptors(), d => Assert.Contains("| " + d.Id + " |", readme));
    }
}
