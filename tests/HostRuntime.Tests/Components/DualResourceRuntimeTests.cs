using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.DualResourcesWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Corpus/dual-resources through generated bindings: the world imports and exports `tallies`, so `tally` is two resource
/// types, the host's (<see cref="ITally"/>) and the component's (<see cref="Tally"/>), which wraps one of the host's. Each
/// test runs on the component and on the embedded core module.
/// </summary>
public sealed class DualResourceRuntimeTests
{
    private static readonly Engine Engine = new();

    public static TheoryData<string> Builds() => new("dual-resources.component.wasm", "dual-resources.embedded.wasm");

    private const string Tallies = "witsharp:values/tallies@1.0.0";

    private static (Exports.TalliesExports Tallies, Host Host) Instantiate(string build)
    {
        var (instance, host) = InstantiateCore(build);
        return (new Exports(instance).Tallies, host);
    }

    private static (ComponentInstance Instance, Host Host) InstantiateCore(string build)
    {
        var host = new Host();
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, host);
        return (linker.Instantiate(new Store(Engine), Component.FromBytes(Engine, TestFiles.Corpus(build))), host);
    }

    /// <summary>The component's constructor adds a host tally handle, then one of its own tally: two types of one name,
    /// numbered 1 and 2 in the instance's one table, and neither passes for the other.</summary>
    [Theory]
    [MemberData(nameof(Builds))]
    public void HostAndComponentTallies_AreNumberedInOneTable_AndNeitherPassesForTheOther(string build)
    {
        var (instance, host) = InstantiateCore(build);

        var handle = instance.GetFunction(Tallies, "[constructor]tally").GetCore<Func<int, int>>()(4);

        Assert.Equal(2, handle);
        Assert.Single(host.Created);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => instance.Resources.For(Tallies + "#tally").RemoveOwned(handle));
        Assert.Equal($"resource handle 2 has the wrong type: it is a handle of [export]{Tallies}#tally, but a handle of {Tallies}#tally is required", trap.Message);
        trap = Assert.Throws<CanonicalAbiTrapException>(() => instance.Resources.For("[export]" + Tallies + "#tally").Representation(1));
        Assert.Equal($"resource handle 1 has the wrong type: it is a handle of {Tallies}#tally, but a handle of [export]{Tallies}#tally is required", trap.Message);
        Assert.NotEqual(0, instance.Resources.For("[export]" + Tallies + "#tally").RemoveOwned(handle));
    }

    /// <summary>Dispose drops the component's tally by its own key ("[export]witsharp:values/tallies@1.0.0#tally"), another type than the host's tally.</summary>
    [Theory]
    [MemberData(nameof(Builds))]
    public void ComponentTally_WrapsAHostTally_AndDroppingItDropsTheHosts(string build)
    {
        var (tallies, host) = Instantiate(build);

        var tally = new Tally(tallies, 4);

        var wrapped = Assert.Single(host.Created);
        Assert.Equal(5u, tally.Value());
        Assert.Empty(host.Disposed);
        tally.Dispose();
        Assert.Equal([wrapped], host.Disposed);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void ExportedTotal_BorrowsComponentTallies_AndCallsTheImportedTotalWithTheHosts(string build)
    {
        var (tallies, host) = Instantiate(build);
        using var a = new Tally(tallies, 10);
        using var b = new Tally(tallies, 20);

        Assert.Equal(32u, tallies.Total(a, b));

        Assert.Equal([(host.Created[0], host.Created[1])], host.Totals);
    }

    private sealed class HostTally(Host host, uint value) : ITally
    {
        public uint Value() => value;

        public void Dispose() => host.Disposed.Add(this);
    }

    private sealed class Host : IImports, ITallies
    {
        public List<ITally> Created { get; } = [];

        public List<ITally> Disposed { get; } = [];

        public List<(ITally, ITally)> Totals { get; } = [];

        public ITallies Tallies => this;

        public ITally CreateTally(uint start)
        {
            var tally = new HostTally(this, start);
            Created.Add(tally);
            return tally;
        }

        public uint Total(ITally a, ITally b)
        {
            Totals.Add((a, b));
            return a.Value() + b.Value();
        }
    }
}
