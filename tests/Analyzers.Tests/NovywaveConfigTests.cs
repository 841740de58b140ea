namespace WitSharp.Analyzers.Tests;

/// <summary>WSA0002 (.novywave grants outside the allowlist) and WSA0007 (.novywave that cannot be checked).</summary>
public sealed class NovywaveConfigTests
{
    private const string Host = """
        using WitSharp.HostRuntime.Capabilities;
        [assembly: CapabilityAllowlist("log", "filesystem-list-dir", "relay-publish:discovery", "wasi:cli/stdout")]
        """;

    private static Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> Analyze(string toml, string path = "/host/config/.novywave") =>
        AnalyzerHarness.AnalyzeAsync(Host, (path, toml));

    [Fact]
    public async Task Grants_outside_the_allowlist_are_errors_on_their_TOML_line_and_column()
    {
        var diagnostics = await Analyze("""
            [plugins]
            schema_version = 1

            [[plugins.entries]]
            id = "scanner"
            artifact_path = "scanner.wasm"
            [plugins.entries.capabilities]
            imports = ["log", "filesystem-list-dir",
                       "watch-subscribe"]   # not allowed
            wasi = ["wasi:cli/stdout", 'wasi:cli/environment']
            relay_channels = ["discovery", "telemetry"]
            directories = ["/data"]

            [[plugins.entries]]
            id = "reloader"
            capabilities = { imports = ["config-get"] }
            """);

        Diagnostic[] errors = diagnostics.WithId("WSA0002");
        Assert.Equal(
            [(9, 12, "watch-subscribe"), (10, 28, "wasi:cli/environment"), (11, 32, "relay-publish:telemetry"), (16, 29, "config-get")],
            errors.Select(e => (e.Position().Line, e.Position().Column, CapabilityOf(e))));
        Assert.All(errors, e => Assert.Equal(DiagnosticSeverity.Error, e.Severity));
        Assert.All(errors, e => Assert.Equal("/host/config/.novywave", e.Location.GetLineSpan().Path));
        Assert.Equal(
            "plugin 'scanner' is granted 'watch-subscribe', which is not on the host's capability allowlist: add it to [assembly: CapabilityAllowlist(...)] if the owners allow it, or do not grant it",
            errors[0].GetMessage());
        Assert.StartsWith("plugin 'reloader' is granted 'config-get'", errors[3].GetMessage());
    }

    private static string CapabilityOf(Diagnostic diagnostic) => diagnostic.GetMessage().Split('\'')[3];

    [Fact]
    public async Task Every_TOML_spelling_of_a_grant_is_found()
    {
        var inlineEntries = await Analyze("""
            [plugins]
            entries = [
              { id = "inline", capabilities = { imports = ["config-get"] } },
            ]
            """, "/host/inline.novywave");
        var dottedKeys = await Analyze(""""
            [[plugins.entries]]
            "id" = 'dotted'
            capabilities.imports = ["""watch-subscribe"""]
            capabilities . relay_channels = ['''secret''']
            when = 1979-05-27 07:32:00Z
            """", "/host/dotted.novywave");

        Assert.Equal(
            ["plugin 'inline' is granted 'config-get'", "plugin 'dotted' is granted 'watch-subscribe'", "plugin 'dotted' is granted 'relay-publish:secret'"],
            inlineEntries.Concat(dottedKeys).Where(d => d.Id == "WSA0002").Select(d => d.GetMessage().Split(',')[0]));
    }

    [Fact]
    public async Task Allowed_grants_and_other_files_are_silent()
    {
        var allowed = await Analyze("""
            [[plugins.entries]]
            id = "scanner"
            capabilities = { imports = ["log"], relay_channels = ["discovery"], wasi = ["wasi:cli/stdout"], directories = ["/x"] }
            """);
        var notAConfig = await AnalyzerHarness.AnalyzeAsync(Host, ("/host/settings.toml", "imports = [\"config-get\"]"));

        Assert.Empty(allowed.WithId("WSA0002"));
        Assert.Empty(allowed.WithId("WSA0007"));
        Assert.Empty(notAConfig.WithId("WSA0002"));
    }

    [Theory]
    [InlineData("[[plugins.entries]]\nid = \"a\nx = 1\n", 2, 8, "unterminated string: expected '\"' before the end of the line")]
    [InlineData("[[plugins.entries]]\ncapabilities = { imports = [\"log\" \"x\"] }\n", 2, 35, "expected ',' or ']' after an array element, found '\"'")]
    [InlineData("[plugins\n", 1, 9, "expected ']' to close the table header, found a line break")]
    [InlineData("[[plugins.entries]]\nid = \"a\"\nid = \"b\"\n", 3, 1, "duplicate key 'id' (first defined at /host/config/.novywave:2:1)")]
    [InlineData("[[plugins.entries]]\ncapabilities.imports = \"log\"\n", 2, 24, "'capabilities.imports' of plugin 'plugins.entries[0]' must be an array of strings")]
    [InlineData("[[plugins.entries]]\ncapabilities = { wasi = [\"wasi:cli/stdout\", 3] }\n", 2, 45, "'capabilities.wasi' of plugin 'plugins.entries[0]' must hold only strings")]
    [InlineData("[[plugins.entries]]\ncapabilities = [\"log\"]\n", 2, 16, "'capabilities' of plugin 'plugins.entries[0]' must be a table")]
    public async Task Unreadable_config_is_reported_where_the_problem_is(string toml, int line, int column, string message)
    {
        var diagnostics = await Analyze(toml);

        Diagnostic problem = Assert.Single(diagnostics.WithId("WSA0007"));
        Assert.Equal(DiagnosticSeverity.Warning, problem.Severity);
        Assert.Equal((line, column), problem.Position());
        Assert.Equal($"/host/config/.novywave could not be checked for capability grants: {message}", problem.GetMessage());
    }
}
