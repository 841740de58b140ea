using WitSharp.HostRuntime.Plugins.Hosting;

namespace WitSharp.HostRuntime.Tests.Plugins;

public sealed class NovywaveHostTests : IDisposable
{
    private readonly TempConfig temp = new();
    private readonly FakeLoader loader = new();
    private readonly string configPath;

    public NovywaveHostTests()
    {
        temp.WriteArtifact("a.fake", "");
        temp.WriteArtifact("b.fake", "");
        configPath = temp.Path("app.novywave");
    }

    public void Dispose() => temp.Dispose();

    private static string Config(string aMode, bool bEnabled = true) => $$"""
        [plugins]
        schema_version = 2

        [[plugins.entries]]
        id = "a"
        artifact_path = "a.fake"
        config = { mode = "{{aMode}}" }

        [[plugins.entries]]
        id = "b"
        enabled = {{(bEnabled ? "true" : "false")}}
        artifact_path = "b.fake"
        """;

    /// <summary>A host over <see cref="configPath"/> that has loaded <c>Config("fast")</c> without error.</summary>
    private async Task<NovywaveHost> LoadedHostAsync()
    {
        File.WriteAllText(configPath, Config("fast"));
        var host = new NovywaveHost(configPath, loader);
        Assert.Null(await host.ReloadAsync());
        return host;
    }

    [Fact]
    public async Task BadConfigKeepsThePreviousGoodStateActive()
    {
        await using var host = await LoadedHostAsync();
        using var errors = host.SubscribeConfigErrors();

        File.WriteAllText(configPath, Config("slow").Replace("schema_version = 2", "schema_version = \"2\"", StringComparison.Ordinal));
        var schemaError = await host.ReloadAsync();
        File.WriteAllText(configPath, Config("slow").Replace("[[plugins.entries]]\nid = \"b\"", "[[plugins.entries]\nid = \"b\"", StringComparison.Ordinal));
        var syntaxError = await host.ReloadAsync();

        Assert.Equal((2, 18), (schemaError!.Line, schemaError.Column));
        Assert.Equal(9, syntaxError!.Line);
        Assert.True(errors.Reader.TryRead(out _));
        Assert.All(host.Manager.Statuses, s => Assert.Equal(PluginState.Ready, s.State));
        Assert.Equal(["a init mode=fast", "b init "], loader.Journal.Order(StringComparer.Ordinal));
        Assert.Equal("fast", host.Current!.Entries[0].ConfigData.Single().Value);
    }

    [Fact]
    public async Task EditingTheFileHotReloadsOnlyTheChangedPlugin()
    {
        await using var host = await LoadedHostAsync();
        using var statuses = host.Manager.SubscribeStatuses();
        using var watching = host.WatchConfigFile(TimeSpan.FromMilliseconds(50));

        File.WriteAllText(configPath, Config("slow", bEnabled: false));

        // b is shut down before a is reloaded, so its status comes first.
        var b = await statuses.ReadUntil("b", s => s.State == PluginState.Disabled);
        await statuses.ReadUntil("a", s => s.State == PluginState.Ready);
        // Plugins load in parallel, so only each plugin's own order is fixed.
        Assert.Equal(["a init mode=fast", "a shutdown", "a init mode=slow"], loader.Journal.Where(j => j.StartsWith("a ", StringComparison.Ordinal)));
        Assert.Equal(["b init ", "b shutdown"], loader.Journal.Where(j => j.StartsWith("b ", StringComparison.Ordinal)));
        Assert.Equal(2, loader.Prepares("a"));
        Assert.Equal(1, loader.Prepares("b"));
        Assert.Single(b);
    }

    [Fact]
    public async Task RebuildingAnArtifactHotReloadsOnlyThatPlugin()
    {
        await using var host = await LoadedHostAsync();
        using var statuses = host.Manager.SubscribeStatuses();
        using var watching = host.WatchConfigFile(TimeSpan.FromMilliseconds(50));

        // A build tool writes the new artifact next to the old one and renames it into place.
        temp.WriteArtifact("b.fake.tmp", "rebuilt");
        File.Move(temp.Path("b.fake.tmp"), temp.Path("b.fake"), overwrite: true);

        await statuses.ReadUntil("b", s => s.State == PluginState.Ready);
        Assert.Equal(["b init ", "b shutdown", "b init "], loader.Journal.Where(j => j.StartsWith("b ", StringComparison.Ordinal)));
        Assert.Equal(2, loader.Prepares("b"));
        Assert.Equal(1, loader.Prepares("a"));
    }
}
