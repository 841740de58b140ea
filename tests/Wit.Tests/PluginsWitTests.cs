namespace WitSharp.Wit.Tests;

public class PluginsWitTests
{
    private static WitResolution ResolvePlugins() => WitResolver.ResolvePath(Path.Combine(TestWit.RepositoryRoot(), "wit", "plugins.wit"));

    [Fact]
    public void PluginsWit_ResolvesWithoutDiagnostics()
    {
        var resolution = ResolvePlugins();
        Assert.Empty(resolution.Diagnostics);
        var package = Assert.Single(resolution.Packages);
        Assert.Equal("novywave:plugins@0.1.0", package.Name.ToString());
    }

    [Fact]
    public void PluginWorld_ImportsTypesInterfaceImplicitlyThenItsFunctions()
    {
        var world = ResolvePlugins().FindWorld("plugin", out var error);
        Assert.Null(error);
        Assert.NotNull(world);
        Assert.Equal(
            ["novywave:plugins/types@0.1.0", "log", "filesystem-list-dir", "filesystem-read-metadata", "watch-subscribe", "relay-publish", "config-get"],
            world.Imports.Select(i => i.Key));
        Assert.True(((WitWorldInterfaceItem)world.Imports[0]).IsImplicit);
        Assert.Equal(["init", "handle-event", "shutdown"], world.Exports.Select(e => e.Key));
    }

    [Fact]
    public void PluginTypes_KeepDocsAndStructure()
    {
        var types = ResolvePlugins().Packages[0].FindInterface("types")!;
        var logLevel = Assert.IsType<WitEnumType>(types.FindType("log-level"));
        Assert.Equal(["trace", "debug", "info", "warn", "error"], logLevel.Cases.Select(c => c.Name));
        Assert.Equal("Severity of a plugin log message.", logLevel.Docs);
        var hostEvent = Assert.IsType<WitVariantType>(types.FindType("host-event"));
        Assert.Null(hostEvent.Cases[0].Type);
        Assert.Same(types.FindType("change-notification"), hostEvent.Cases[1].Type);
        var configData = Assert.IsType<WitTypeAlias>(types.FindType("config-data"));
        Assert.Same(types.FindType("config-entry"), Assert.IsType<WitListType>(configData.Target).Element);
        Assert.Same(types, logLevel.Owner);
    }

    [Fact]
    public void PluginFunctions_ReferToUsedTypes()
    {
        var world = ResolvePlugins().FindWorld("novywave:plugins/plugin@0.1.0", out _)!;
        var listDir = ((WitWorldFunctionItem)world.Imports.Single(i => i.Key == "filesystem-list-dir")).Function;
        Assert.Equal("Lists a directory inside the plugin's granted directories.", listDir.Docs);
        var result = Assert.IsType<WitResultType>(listDir.Result);
        var entries = Assert.IsType<WitListType>(result.Ok);
        var used = Assert.IsType<WitTypeAlias>(entries.Element);
        Assert.True(used.IsUse);
        Assert.IsType<WitRecordType>(used.Unalias());
    }
}
