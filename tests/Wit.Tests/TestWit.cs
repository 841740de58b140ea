using System.Runtime.CompilerServices;

namespace WitSharp.Wit.Tests;

/// <summary>Helpers shared by the WIT tests.</summary>
internal static class TestWit
{
    /// <summary>Resolves one in-memory file named <c>test.wit</c>.</summary>
    public static WitResolution Resolve(string text) => WitResolver.Resolve([new WitSource("pkg/test.wit", text)]);

    /// <summary>Resolves a file that must be valid, failing with all diagnostics otherwise.</summary>
    public static WitPackage ResolveValid(string text)
    {
        var resolution = Resolve(text);
        Assert.True(!resolution.HasErrors, string.Join("\n", resolution.Diagnostics));
        return Assert.Single(resolution.RootPackages);
    }

    /// <summary>The single error of a file that must be invalid.</summary>
    public static WitDiagnostic SingleError(string text)
    {
        var resolution = Resolve(text);
        Assert.True(resolution.HasErrors, "expected an error");
        return Assert.Single(resolution.Diagnostics.Where(d => d.Severity == WitDiagnosticSeverity.Error), d => true);
    }

    /// <summary>The repository root, found from this source file's location.</summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
