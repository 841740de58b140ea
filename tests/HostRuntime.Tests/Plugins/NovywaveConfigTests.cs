using WitSharp.HostRuntime.Plugins.Configuration;

namespace WitSharp.HostRuntime.Tests.Plugins;

public sealed class NovywaveConfigTests : IDisposable
{
    private const string Sample = """
        # NovyWave settings; the host reads only [plugins].
        [ui]
        theme = "dark"   # not ours, must survive edits

        [plugins]
        schema_version = 2

        [[plugins.entries]]
        id = "scanner"
        enabled = true        # keep this comment
        artifact_path = "dist/scanner.wasm"

        [plugins.entries.config]
        directories = ["waves", "more"]
        extensions = []
        depth = 3
        ratio = 0.5
        strict = false
        limit = inf
        nested = { a = 1, b = { c = "x" } }

        [plugins.entries.watch]
        directories = ["waves"]
        debounce_ms = 50

        [plugins.entries.capabilities]
        imports = ["log", "filesystem-list-dir", "relay-publish"]
        wasi = ["wasi:cli/stdout"]
        relay_channels = ["discovery"]
        directories = ["waves"]

        [plugins.entries.limits]
        memory_pages = 32
        call_deadline_ms = 250
        fuel = 1_000_000
        tick_ms = 100

        [[plugins.entries]]
        id = "reloader"
        enabled = false
        artifact_path = "/opt/plugins/reloader.wasm"
        """;

    private readonly TempConfig temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ReadsEveryPartOfAnEntry()
    {
        var config = NovywaveConfigFile.Parse(Sample, temp.Path("app.novywave")).Config;

        Assert.Equal(2, config.SchemaVersion);
        var scanner = config.Entries[0];
        Assert.Equal("scanner", scanner.Id);
        Assert.True(scanner.Enabled);
        Assert.Equal(temp.Path("dist/scanner.wasm"), scanner.ArtifactPath);
        Assert.Equal(
            [
                new("directories.0", "waves"), new("directories.1", "more"), new("extensions", ""), new("depth", "3"), new("ratio", "0.5"),
                new("strict", "false"), new("limit", "inf"), new("nested.a", "1"), new("nested.b.c", "x"),
            ],
            scanner.ConfigData);
        Assert.Equal(new WatchSettings(["waves"], 50), scanner.Watch);
        Assert.True(scanner.Grants.Allows("relay-publish"));
        Assert.False(scanner.Grants.Allows("watch-subscribe"));
        Assert.True(scanner.Grants.Allows("wasi:cli/stdout@0.2.3"));
        Assert.False(scanner.Grants.Allows("wasi:filesystem/types@0.2.3"));
        Assert.Equal(["discovery"], scanner.Grants.Channels);
        Assert.Equal(new PluginLimits(32, TimeSpan.FromMilliseconds(250), 1_000_000, TimeSpan.FromMilliseconds(100)), scanner.Limits);
        var reloader = config.Entries[1];
        Assert.False(reloader.Enabled);
        Assert.Equal("/opt/plugins/reloader.wasm", reloader.ArtifactPath);
        Assert.Equal(PluginLimits.Default, reloader.Limits);
        Assert.Same(CapabilityGrants.None, reloader.Grants);
    }

    [Fact]
    public void ChangingOneEntryLeavesTheRestByteIdentical()
    {
        var path = temp.Path("app.novywave");
        File.WriteAllText(path, Sample);
        var file = NovywaveConfigFile.Load(path);

        file.SetEnabled("scanner", false);
        file.Save();

        var expected = Sample.Replace("enabled = true        # keep this comment", "enabled = false        # keep this comment", StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllText(path));
        Assert.False(NovywaveConfigFile.Load(path).Config.Entries[0].Enabled);
        Assert.Equal([path], Directory.GetFiles(temp.Directory));
    }

    [Fact]
    public void UnchangedSaveIsByteIdentical()
    {
        var path = temp.Path("app.novywave");
        File.WriteAllText(path, Sample);
        NovywaveConfigFile.Load(path).Save();
        Assert.Equal(Sample, File.ReadAllText(path));
    }

    [Fact]
    public void InvalidEditIsNotSaved()
    {
        var path = temp.Path("app.novywave");
        File.WriteAllText(path, Sample);
        var file = NovywaveConfigFile.Load(path);
        file.Document.Root.GetTable("plugins")["schema_version"] = new WitSharp.Toml.TomlString("two");

        var error = Assert.Throws<NovywaveConfigException>(() => file.Save());

        Assert.Contains("schema_version must be an integer", error.Message);
        Assert.Equal(Sample, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("[plugins]\nschema_version = 2\n[[plugins.entries]]\nid = \"a\"\nartifact_path = \"x\"\nenabeld = true\n", 6, 11, "plugin 'a'... unknown key 'enabeld'")]
    [InlineData("[plugins]\nschema_version = 2\n[[plugins.entries]]\nid = \"a\"\nartifact_path = 42\n", 5, 17, "artifact_path must be a string, not integer")]
    [InlineData("[plugins]\nschema_version = 9\n", 2, 18, "schema_version 9 is not supported (this host reads 1 to 2)")]
    [InlineData("[plugins]\nschema_version = 2\n[[plugins.entries]]\nid = \"a\"\nartifact_path = \"x\"\n[[plugins.entries]]\nid = \"a\"\nartifact_path = \"y\"\n", 7, 6, "duplicate plugin id 'a'")]
    [InlineData("[plugins]\nschema_version = 2\n[[plugins.entries]]\nid = \"a\"\nartifact_path = \"x\"\n[plugins.entries.capabilities]\nimports = [\"log\", \"launch-missiles\"]\n", 7, 11, "'launch-missiles' is not an import of the plugin world")]
    [InlineData("[plugins]\nschema_version = 2\n[[plugins.entries]]\nid = \"a\"\nartifact_path = \"x\"\n[plugins.entries.limits]\nmemory_pages = 0\n", 7, 16, "memory_pages = 0 is out of range (1 to 65536)")]
    [InlineData("[plugins]\nschema_version = 2\nentries = 3\n", 3, 11, "plugins.entries must be an array of tables")]
    [InlineData("[plugins]\nschema_version = 2\n[[plugins.entries]]\nid = \"a b\"\nartifact_path = \"x\"\n", 4, 6, "plugin id 'a b' may only contain")]
    public void SchemaErrorsPointAtTheValue(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<NovywaveConfigException>(() => NovywaveConfigFile.Parse(text, "app.novywave"));
        Assert.Equal((line, column), (error.Line, error.Column));
        foreach (var part in reason.Split("...", StringSplitOptions.TrimEntries))
        {
            Assert.Contains(part, error.Message);
        }

        Assert.StartsWith($"app.novywave:{line}:{column}: ", error.Message);
    }

    [Fact]
    public void MissingPluginsTableIsReported()
    {
        var error = Assert.Throws<NovywaveConfigException>(() => NovywaveConfigFile.Parse("[ui]\ntheme = \"x\"\n", "app.novywave"));
        Assert.Contains("has no [plugins] table", error.Message);
    }

    [Fact]
    public void MalformedTomlIsReportedWithLineAndColumn()
    {
        var error = Assert.Throws<NovywaveConfigException>(() => NovywaveConfigFile.Parse("[plugins]\nschema_version = 2\nid = \"unterminated\n", "app.novywave"));
        Assert.Equal(3, error.Line);
        Assert.True(error.Column > 0);
        Assert.IsType<WitSharp.Toml.TomlException>(error.InnerException);
    }

    [Fact]
    public void Version1IsMigratedToVersion2()
    {
        const string v1 = """
            [plugins]
            schema_version = 1

            [[plugins.entries]]
            id = "scanner"
            path = "dist/scanner.wasm"

            [plugins.entries.grants]
            imports = ["relay-publish"]
            channels = ["discovery"]
            directories = ["waves"]
            """;
        var path = temp.Path("old.novywave");
        File.WriteAllText(path, v1);

        var file = NovywaveConfigFile.Load(path);

        Assert.Equal(1, file.OriginalSchemaVersion);
        var entry = Assert.Single(file.Config.Entries);
        Assert.Equal(temp.Path("dist/scanner.wasm"), entry.ArtifactPath);
        Assert.Equal(["discovery"], entry.Grants.Channels);
        Assert.Equal(["waves"], entry.Grants.Directories);
        Assert.True(entry.Grants.Allows("relay-publish"));

        file.Save();
        var saved = NovywaveConfigFile.Load(path);
        Assert.Equal(2, saved.OriginalSchemaVersion);
        Assert.True(saved.Config.Entries[0].SameSettingsAs(entry));
        Assert.DoesNotContain("grants", File.ReadAllText(path));
    }

    [Fact]
    public void Version2NeedsNoMigration()
    {
        var file = NovywaveConfigFile.Parse(Sample, temp.Path("app.novywave"));
        Assert.Equal(2, file.OriginalSchemaVersion);
        Assert.Equal(Sample, file.Document.ToString());
    }
}
