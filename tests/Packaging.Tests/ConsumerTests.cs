namespace WitSharp.Packaging.Tests;

/// <summary>The path a user takes: a host project outside the solution restores WitSharp.Sdk and WitSharp.HostRuntime from a feed.</summary>
public sealed class ConsumerTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    private const string Allowlist = """
        using WitSharp.HostRuntime.Capabilities;

        [assembly: CapabilityAllowlist(PluginCapabilities.Log, "relay-publish:discovery")]

        """;

    [Fact]
    public void Granting_an_unallowed_capability_fails_the_build_at_the_grant()
    {
        Consumer consumer = feed.CreateConsumer("GrantHost", new Dictionary<string, string>
        {
            ["Program.cs"] = Allowlist + """
                var grants = new PluginGrants().Allow(PluginCapabilities.Log).AllowRelayChannel("discovery");
                Console.WriteLine(string.Join(",", grants.Capabilities.Order()));
                """,
        });
        DotnetCli.Result allowed = consumer.Build();
        Assert.True(allowed.Succeeded, allowed.Output);

        consumer.Write("Program.cs", Allowlist + """
            var grants = new PluginGrants().Allow(PluginCapabilities.Log).Allow(PluginCapabilities.ConfigGet);
            """);
        DotnetCli.Result denied = consumer.Build();

        Assert.False(denied.Succeeded);
        Assert.True(denied.Output.Contains("Program.cs(4,69): error WSA0001: 'config-get' is not on this assembly's capability allowlist"), denied.Output);
    }

    [Fact]
    public void A_novywave_in_the_project_is_checked_against_the_allowlist()
    {
        Consumer consumer = feed.CreateConsumer("ConfigHost", new Dictionary<string, string>
        {
            ["Program.cs"] = Allowlist + """
                var grants = new PluginGrants().Allow(PluginCapabilities.Log).AllowRelayChannel("discovery");
                """,
            ["config/plugins.novywave"] = """
                [[plugins.entries]]
                id = "scanner"
                artifact_path = "scanner.wasm"
                capabilities = { imports = ["log"], relay_channels = ["discovery", "secrets"] }
                """,
        });

        DotnetCli.Result build = consumer.Build();

        Assert.False(build.Succeeded);
        Assert.True(build.Output.Contains(
            "plugins.novywave(4,68): error WSA0002: plugin 'scanner' is granted 'relay-publish:secrets', which is not on the host's capability allowlist"),
            build.Output);
    }
}
