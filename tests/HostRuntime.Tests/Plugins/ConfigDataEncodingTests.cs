using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.Toml;

namespace WitSharp.HostRuntime.Tests.Plugins;

public sealed class ConfigDataEncodingTests
{
    [Fact]
    public void FlattensTablesArraysAndScalars()
    {
        var inner = new TomlTable();
        inner.Add("name", "deep");
        var scan = new TomlTable();
        scan.Add("depth", 2L);
        scan.Add("items", new TomlArray([new TomlArray([1L, 2L]), inner]));
        var config = new TomlTable();
        config.Add("text", "a,b");
        config.Add("flag", true);
        config.Add("ratio", 0.1);
        config.Add("huge", double.NegativeInfinity);
        config.Add("nothing", double.NaN);
        config.Add("empty", new TomlArray());
        config.Add("scan", scan);

        Assert.Equal(
            [
                new("text", "a,b"), new("flag", "true"), new("ratio", "0.1"), new("huge", "-inf"), new("nothing", "nan"), new("empty", ""),
                new("scan.depth", "2"), new("scan.items.0.0", "1"), new("scan.items.0.1", "2"), new("scan.items.1.name", "deep"),
            ],
            ConfigDataEncoding.Flatten(config));
    }
}
