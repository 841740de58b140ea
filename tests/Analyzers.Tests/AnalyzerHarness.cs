using System.Collections.Immutable;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WitSharp.HostRuntime.Capabilities;
using WitSharp.WitGenerator;

namespace WitSharp.Analyzers.Tests;

/// <summary>An AdditionalFile given to the analyzers (a .wit or .novywave).</summary>
internal sealed class TestAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;
    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
}

/// <summary>Compiles host snippets against .NET 10 reference assemblies and WitSharp.HostRuntime, runs the analyzers.</summary>
internal static class AnalyzerHarness
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        [new CapabilityAnalyzer(), new ImportImplementationAnalyzer()];

    public static IReadOnlyList<MetadataReference> References { get; } =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(PluginGrants).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(WitSharp.Wasm.TypedHandle).Assembly.Location)];

    public static string PluginsWit => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "plugins.wit"));

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "Host",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"/host/File{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// Runs the WIT generator (as a host build does) and then the analyzers; fails the test when the snippet plus the
    /// generated bindings do not compile.
    /// </summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, params (string Path, string Text)[] additionalFiles) =>
        AnalyzeAsync(new Dictionary<string, string>(), source, additionalFiles);

    /// <summary>As above, with MSBuild properties the compiler makes visible to the generator and the analyzers.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(IReadOnlyDictionary<string, string> buildProperties, string source, params (string Path, string Text)[] additionalFiles)
    {
        ImmutableArray<AdditionalText> texts = [.. additionalFiles.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text))];
        var options = new WitSharp.WitGenerator.Tests.BuildProperties(buildProperties);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new WitWorldGenerator().AsSourceGenerator()], texts, optionsProvider: options);
        driver.RunGeneratorsAndUpdateCompilation(Compile(source), out Compilation compilation, out _);
        Diagnostic[] compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(compileErrors.Length == 0, "snippet does not compile:\n" + string.Join("\n", compileErrors.Select(d => d.ToString())));
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new AnalyzerOptions(texts, options));
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.OrderBy(d => d.Location.GetLineSpan().Path).ThenBy(d => d.Location.SourceSpan.Start)];
    }

    public static Diagnostic[] WithId(this ImmutableArray<Diagnostic> diagnostics, string id) =>
        diagnostics.Where(d => d.Id == id).ToArray();

    /// <summary>The source text a diagnostic points at.</summary>
    public static string Text(this Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    /// <summary>1-based line and column of a diagnostic's start.</summary>
    public static (int Line, int Column) Position(this Diagnostic diagnostic)
    {
        LinePosition start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }

    /// <summary>Applies the first code fix <paramref name="fix"/> offers for the first <paramref name="id"/> diagnostic; returns every document's new text.</summary>
    public static Task<string[]> ApplyFixAsync(CodeFixProvider fix, string id, params string[] sources) =>
        ApplyFixAsync(fix, id, sources, []);

    /// <summary>As above, with AdditionalFiles in the project.</summary>
    public static async Task<string[]> ApplyFixAsync(CodeFixProvider fix, string id, string[] sources, (string Path, string Text)[] additionalFiles)
    {
        using var workspace = new AdhocWorkspace();
        Project project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Host", "Host", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            metadataReferences: References));
        var documentIds = new List<DocumentId>();
        foreach (string source in sources)
        {
            Document document = project.AddDocument($"File{documentIds.Count}.cs", SourceText.From(source));
            project = document.Project;
            documentIds.Add(document.Id);
        }
        foreach ((string path, string text) in additionalFiles)
            project = project.AddAdditionalDocument(Path.GetFileName(path), SourceText.From(text), filePath: path).Project;
        Assert.True(workspace.TryApplyChanges(project.Solution));
        Compilation compilation = (await workspace.CurrentSolution.GetProject(project.Id)!.GetCompilationAsync())!;
        var options = new AnalyzerOptions([.. additionalFiles.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text))]);
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();
        Diagnostic diagnostic = diagnostics.First(d => d.Id == id);
        Document target = workspace.CurrentSolution.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(target, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.NotEmpty(actions);
        foreach (CodeActionOperation operation in await actions[0].GetOperationsAsync(CancellationToken.None))
            operation.Apply(workspace, CancellationToken.None);
        return [.. documentIds.Take(sources.Length).Select(i => workspace.CurrentSolution.GetDocument(i)!.GetTextAsync().Result.ToString())];
    }
}
