using WitSharp.Analyzers.CodeFixes;

namespace WitSharp.Analyzers.Tests;

/// <summary>WSA0001: granting in C# a capability that is not on the allowlist.</summary>
public sealed class CapabilityGrantTests
{
    private const string Usings = "using WitSharp.HostRuntime.Capabilities;\n";

    [Fact]
    public async Task Grant_outside_the_allowlist_is_an_error_at_the_argument()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Usings + """
            [assembly: CapabilityAllowlist("log")]
            class Host
            {
                void Configure(PluginGrants grants) => grants.Allow(PluginCapabilities.Log).Allow(PluginCapabilities.FilesystemListDir);
            }
            """);

        Diagnostic error = Assert.Single(diagnostics.WithId("WSA0001"));
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("PluginCapabilities.FilesystemListDir", error.Text());
        Assert.StartsWith("'filesystem-list-dir' is not on this assembly's capability allowlist: add it", error.GetMessage());
    }

    [Fact]
    public async Task Relay_channels_are_checked_as_relay_publish_channel_names()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Usings + """
            [assembly: CapabilityAllowlist("relay-publish:discovery")]
            class Host
            {
                void Configure(PluginGrants grants)
                {
                    grants.AllowRelayChannel("discovery");
                    grants.Allow("relay-publish:discovery");
                    grants.AllowRelayChannel("telemetry");
                    grants.Allow("relay-publish:telemetry");
                }
            }
            """);

        Assert.Equal(["\"telemetry\"", "\"relay-publish:telemetry\""], diagnostics.WithId("WSA0001").Select(d => d.Text()));
        Assert.All(diagnostics.WithId("WSA0001"), d => Assert.Contains("'relay-publish:telemetry'", d.GetMessage()));
    }

    [Fact]
    public async Task Bare_relay_publish_entry_allows_every_channel()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Usings + """
            [assembly: CapabilityAllowlist("relay-publish")]
            class Host
            {
                void Configure(PluginGrants grants) => grants.AllowRelayChannel("anything").Allow(PluginCapabilities.RelayPublish);
            }
            """);

        Assert.Empty(diagnostics.WithId("WSA0001"));
    }

    [Fact]
    public async Task Allowed_grants_non_constant_names_and_directories_are_silent()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Usings + """
            [assembly: CapabilityAllowlist(PluginCapabilities.Log, WasiCapabilities.CliStdout)]
            class Host
            {
                void Configure(PluginGrants grants, string fromConfig)
                {
                    grants.Allow(PluginCapabilities.Log).Allow("wasi:cli/stdout").AllowDirectory("/data");
                    grants.Allow(fromConfig);
                }
            }
            """);

        Assert.Empty(diagnostics.WithId("WSA0001"));
    }

    [Fact]
    public async Task Without_an_allowlist_every_grant_is_an_error()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Usings + """
            class Host
            {
                void Configure(PluginGrants grants) => grants.Allow("log");
            }
            """);

        Diagnostic error = Assert.Single(diagnostics.WithId("WSA0001"));
        Assert.Contains("declares no [assembly: CapabilityAllowlist(...)]", error.GetMessage());
    }

    [Fact]
    public async Task Host_apis_that_mark_a_parameter_with_CapabilityName_are_checked()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Usings + """
            [assembly: CapabilityAllowlist("log", "relay-publish:discovery")]
            class PluginBinder
            {
                public void Bind([CapabilityName] string import) { }
                public void Subscribe([CapabilityName(Prefix = "relay-publish:")] string channel) { }
            }
            class Host
            {
                void Configure(PluginBinder binder)
                {
                    binder.Bind("log");
                    binder.Bind("config-get");
                    binder.Subscribe("discovery");
                    binder.Subscribe("secrets");
                }
            }
            """);

        Assert.Equal(["\"config-get\"", "\"secrets\""], diagnostics.WithId("WSA0001").Select(d => d.Text()));
    }

    [Fact]
    public async Task Code_fix_adds_the_capability_to_the_existing_allowlist()
    {
        string[] fixedSources = await AnalyzerHarness.ApplyFixAsync(new AddToAllowlistCodeFix(), "WSA0001",
            Usings + """[assembly: CapabilityAllowlist("log")]""",
            Usings + "class Host { void Configure(PluginGrants g) => g.Allow(\"config-get\"); }");

        Assert.Contains("""[assembly: CapabilityAllowlist("log", "config-get")]""", fixedSources[0]);
        Assert.DoesNotContain("assembly:", fixedSources[1]);
    }

    [Fact]
    public async Task Code_fix_declares_the_allowlist_when_there_is_none()
    {
        string[] fixedSources = await AnalyzerHarness.ApplyFixAsync(new AddToAllowlistCodeFix(), "WSA0001",
            Usings + "class Host { void Configure(PluginGrants g) => g.AllowRelayChannel(\"discovery\"); }");

        Assert.Contains("""[assembly: global::WitSharp.HostRuntime.Capabilities.CapabilityAllowlist("relay-publish:discovery")]""", fixedSources[0]);
        var after = await AnalyzerHarness.AnalyzeAsync(fixedSources[0]);
        Assert.Empty(after.WithId("WSA0001"));
    }
}
