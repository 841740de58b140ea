using System.Reflection;
using System.Reflection.Emit;
using WitSharp.HostRuntime.Capabilities;

namespace WitSharp.HostRuntime.Tests.Capabilities;

public sealed class CapabilityAllowlistTests
{
    private static Assembly AssemblyWithAllowlist(params string[] entries)
    {
        var builder = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Host" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        builder.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(CapabilityAllowlistAttribute).GetConstructor([typeof(string[])])!, [entries]));
        return builder;
    }

    [Fact]
    public void Grants_are_checked_against_the_assembly_allowlist_with_relay_channel_rules()
    {
        var allowlist = CapabilityAllowlist.FromAssembly(AssemblyWithAllowlist("log", "relay-publish:discovery", WasiCapabilities.CliStdout));
        var grants = new PluginGrants()
            .Allow(PluginCapabilities.Log)
            .Allow(PluginCapabilities.ConfigGet)
            .AllowRelayChannel("discovery")
            .AllowRelayChannel("secrets")
            .Allow(WasiCapabilities.CliStdout)
            .Allow(WasiCapabilities.CliEnvironment);

        Assert.Equal(["config-get", "wasi:cli/environment", "relay-publish:secrets"], allowlist.Violations(grants));
        Assert.True(allowlist.Allows("relay-publish"));
        Assert.False(allowlist.Allows("relay-publish:other"));
    }

    [Fact]
    public void Bare_relay_publish_allows_every_channel_and_no_allowlist_allows_nothing()
    {
        Assert.True(CapabilityAllowlist.FromAssembly(AssemblyWithAllowlist("relay-publish")).Allows("relay-publish:any"));
        Assert.False(CapabilityAllowlist.FromAssembly(typeof(CapabilityAllowlistTests).Assembly).Allows("log"));
    }

    [Fact]
    public void Plugin_grants_record_capabilities_channels_and_directories()
    {
        var grants = new PluginGrants().Allow("relay-publish:discovery").AllowDirectory("/data").AllowDirectory("/data");

        Assert.True(grants.IsAllowed(PluginCapabilities.RelayPublish));
        Assert.True(grants.IsAllowed("relay-publish:discovery"));
        Assert.True(grants.IsRelayChannelAllowed("discovery"));
        Assert.False(grants.IsAllowed(PluginCapabilities.Log));
        Assert.Equal(["/data"], grants.Directories);
        Assert.Throws<ArgumentException>(() => grants.Allow(" "));
        Assert.Throws<ArgumentException>(() => grants.AllowRelayChannel(""));
    }
}
