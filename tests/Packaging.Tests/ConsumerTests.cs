namespace WitSharp.Packaging.Tests;

/// <summary>The path a user takes: a host project outside the solution restores WitSharp.Sdk and WitSharp.HostRuntime from a feed.</summary>
public sealed class ConsumerTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    private const string Allowlist = """
        using WitSharp.HostRuntime.Capabilities;

        [assembly: CapabilityAllowlist(PluginCapabilities.Log, "relay-publish:discovery")]

        """;

    [Fact]
    public void Grants_outside_the_allowlist_fail_the_build_in_CSharp_and_in_novywave()
    {
        const string config = """
            [[plugins.entries]]
            id = "scanner"
            artifact_path = "scanner.wasm"
            capabilities = { imports = ["log"], relay_channels = ["discovery"] }
            """;
        Consumer consumer = feed.CreateConsumer("GrantHost", new Dictionary<string, string>
        {
            ["Program.cs"] = Allowlist + """
                var grants = new PluginGrants().Allow(PluginCapabilities.Log).AllowRelayChannel("discovery");
                Console.WriteLine(string.Join(",", grants.Capabilities.Order()));
                """,
            ["config/plugins.novywave"] = config,
        });
        DotnetCli.Result allowed = consumer.Build();
        Assert.True(allowed.Succeeded, allowed.Output);

        consumer.Write("Program.cs", Allowlist + """
            var grants = new PluginGrants().Allow(PluginCapabilities.Log).Allow(PluginCapabilities.ConfigGet);
            """);
        consumer.Write("config/plugins.novywave", config.Replace("\"discovery\"]", "\"discovery\", \"secrets\"]"));
        DotnetCli.Result denied = consumer.Build();

        Assert.False(denied.Succeeded);
        Assert.True(denied.Output.Contains(
            "Program.cs(4,69): error WSA0001: 'config-get' is not on this assembly's capability allowlist"), denied.Output);
        Assert.True(denied.Output.Contains(
            "plugins.novywave(4,68): error WSA0002: plugin 'scanner' is granted 'relay-publish:secrets', which is not on the host's capability allowlist"),
            denied.Output);
    }

    /// <summary>A host for the plugin world, generated from the consumer's own copy of wit/plugins.wit, driving hello_world.</summary>
    private const string HelloWorldHost = """
        using WitSharp.HostRuntime.Components;
        using WitSharp.Wasm;
        using static PluginWorld;
        """ + "\n" + Allowlist + """

        var grants = new PluginGrants().Allow(PluginCapabilities.Log);
        var engine = new Engine();
        var linker = new ComponentLinker(engine);
        RegisterImports(linker, new HostImports(grants));
        var exports = new Exports(linker.Instantiate(new Store(engine), Component.FromFile(engine, args[0])));
        var metadata = exports.Init([new ConfigEntry("mode", "consumer")]);
        Console.WriteLine($"init: {metadata.Value.Version} ({string.Join(",", metadata.Value.Capabilities)})");
        Console.WriteLine($"tick: {exports.HandleEvent(new HostEvent.Tick())}");
        exports.Shutdown();

        [WitSharp.WitWorld("novywave:plugins/plugin")]
        static partial class PluginWorld { }

        sealed class HostImports(PluginGrants grants) : IImports
        {
            public void Log(LogLevel level, string message)
            {
                if (grants.IsAllowed(PluginCapabilities.Log))
                    Console.WriteLine($"[{level}] {message}");
            }

            public Result<IReadOnlyList<DirectoryEntry>, PluginError> FilesystemListDir(string directory) =>
                Result<IReadOnlyList<DirectoryEntry>, PluginError>.Err(new PluginError.Io("not granted"));
            public FileMetadata? FilesystemReadMetadata(string path) => null;
            public Result<Subscription, PluginError> WatchSubscribe(IReadOnlyList<string> directories, uint debounceMs) =>
                Result<Subscription, PluginError>.Err(new PluginError.Io("not granted"));
            public Result<Unit, PluginError> RelayPublish(string channel, PluginEvent @event) =>
                Result<Unit, PluginError>.Err(new PluginError.Io("not granted"));
            public IReadOnlyList<ConfigEntry> ConfigGet() => [];
        }
        """;

    [Fact]
    public void Bindings_come_from_the_consumers_own_wit_run_hello_world_and_follow_wit_edits()
    {
        string pluginsWit = File.ReadAllText(Path.Combine(feed.RepositoryRoot, "wit", "plugins.wit"));
        Consumer consumer = feed.CreateConsumer("PluginHost", new Dictionary<string, string>
        {
            ["Program.cs"] = HelloWorldHost,
            ["wit/plugins.wit"] = pluginsWit,
        });

        DotnetCli.Result build = consumer.Build();
        Assert.True(build.Succeeded, build.Output);
        Assert.Contains("public interface IImports", consumer.GeneratedSources());

        DotnetCli.Result run = consumer.Run(Path.Combine(feed.RepositoryRoot, "plugins", "dist", "hello_world.wasm"));
        Assert.True(run.Succeeded, run.Output);
        Assert.Equal(
            ["[Info] hello from hello_world", "[Info] config mode = consumer", "init: 0.1.0 (log)", "[Info] event: tick",
             "tick: Ok(Unit { })", "[Info] goodbye from hello_world"],
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        // A new import in the world's WIT is a new member of the generated IImports on the next build; one gated by an
        // @unstable feature only once the project enables the feature.
        consumer.Write("wit/plugins.wit", pluginsWit.Replace(
            "    import config-get: func() -> config-data;",
            "    import config-get: func() -> config-data;\n    /// Host time.\n    import clock-now: func() -> u64;\n" +
            "    /// Host time zone.\n    @unstable(feature = time-zones)\n    import clock-zone: func() -> string;"));
        DotnetCli.Result edited = consumer.Build();

        Assert.False(edited.Succeeded);
        Assert.True(edited.Output.Contains("error CS0535: 'HostImports' does not implement interface member 'PluginWorld.IImports.ClockNow()'"), edited.Output);
        Assert.Contains("ulong ClockNow();", consumer.GeneratedSources());
        Assert.DoesNotContain("ClockZone", consumer.GeneratedSources());

        consumer.Write("Directory.Build.props", "<Project><PropertyGroup><WitSharpWitFeatures>time-zones</WitSharpWitFeatures></PropertyGroup></Project>");
        DotnetCli.Result enabled = consumer.Build();

        Assert.False(enabled.Succeeded);
        Assert.True(enabled.Output.Contains("error CS0535: 'HostImports' does not implement interface member 'PluginWorld.IImports.ClockZone()'"), enabled.Output);
        Assert.Contains("string ClockZone();", consumer.GeneratedSources());
    }
}
