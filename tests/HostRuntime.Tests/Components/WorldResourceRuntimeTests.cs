using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.WorldResourcesWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Corpus/world-resources through generated bindings: `tally` is declared in the world itself, so the guest imports its
/// constructor, method, static function and drop from `$root`, and the host lends tallies to exports directly and inside
/// a list and an option. Each test runs on the component and on the embedded core module.
/// </summary>
public sealed class WorldResourceRuntimeTests
{
    private static readonly Engine Engine = new();

    public static TheoryData<string> Builds() => new("world-resources.component.wasm", "world-resources.embedded.wasm");

    private static (Exports Exports, Host Host) Instantiate(string build)
    {
        var host = new Host();
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, host);
        var instance = linker.Instantiate(new Store(Engine), Component.FromBytes(Engine, TestFiles.Corpus(build)));
        return (new Exports(instance), host);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void LentTally_IsReadThroughTheWorldImport_AndStaysTheHosts(string build)
    {
        var (exports, host) = Instantiate(build);
        var tally = new Tally(host, 7);

        Assert.Equal(7u, exports.Count(tally));
        Assert.Equal(7u, exports.Count(tally));
        Assert.Equal([tally, tally], host.Peeked);
        Assert.Empty(host.Disposed);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void GuestConstructsAddsAndMerges_DroppingItsOwnTally(string build)
    {
        var (exports, host) = Instantiate(build);

        var merged = exports.Spawn(5, 2);

        var first = Assert.Single(host.Created);
        Assert.Equal(14u, ((Tally)merged).Value);
        Assert.Equal([first], host.Disposed);
        Assert.Equal([(first, first)], host.Merged);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void OwnedTally_MovesToTheGuest_AndBackThroughAnImport(string build)
    {
        var (exports, host) = Instantiate(build);
        var tally = new Tally(host, 3);

        Assert.Equal(3u, exports.Consume(tally));

        Assert.Equal([tally], host.Retired);
        Assert.Empty(host.Disposed);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void GuestDroppingAnOwnedTally_RunsTheHostsDestructor(string build)
    {
        var (exports, host) = Instantiate(build);
        var tally = new Tally(host, 1);

        exports.Discard(tally);

        Assert.Equal([tally], host.Disposed);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void TalliesLentInsideAListAndAnOption_AreAllReadAndReturned(string build)
    {
        var (exports, host) = Instantiate(build);
        var tallies = new[] { new Tally(host, 1), new Tally(host, 20), new Tally(host, 300) };

        Assert.Equal(321u, exports.CountAll(tallies, null));
        Assert.Equal(4321u, exports.CountAll(tallies, new Tally(host, 4000)));
        Assert.Equal(0u, exports.CountAll([], null));
        // The same object lent twice in one call gets two borrow handles.
        Assert.Equal(2u, exports.CountAll([tallies[0]], tallies[0]));
        Assert.Empty(host.Disposed);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void NullTallyInAList_Throws_AndWithdrawsTheBorrowsAlreadyLent(string build)
    {
        var (exports, host) = Instantiate(build);
        var tally = new Tally(host, 5);

        Assert.Throws<ArgumentNullException>(() => exports.CountAll([tally, null!], null));

        // No borrow of the failed call stays in the table, so the next call's check passes.
        Assert.Equal(5u, exports.CountAll([tally], null));
        Assert.Equal([tally], host.Peeked);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void BorrowsKeptFromAList_Trap_AndPoisonTheInstance(string build)
    {
        var (exports, host) = Instantiate(build);
        var tallies = new[] { new Tally(host, 1), new Tally(host, 2) };

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => exports.KeepAll(tallies));

        Assert.Equal("2 borrowed resource handle(s) were not dropped before the call returned", trap.Message);
        Assert.Throws<CanonicalAbiTrapException>(() => exports.Count(tallies[0]));
        Assert.Empty(host.Disposed);
    }

    private sealed class Tally(Host host, uint value) : ITally
    {
        public uint Value { get; private set; } = value;

        public uint Add(uint by) => Value += by;

        public void Dispose() => host.Disposed.Add(this);
    }

    private sealed class Host : IImports
    {
        public List<ITally> Created { get; } = [];

        public List<ITally> Disposed { get; } = [];

        public List<ITally> Peeked { get; } = [];

        public List<ITally> Retired { get; } = [];

        public List<(ITally, ITally)> Merged { get; } = [];

        public ITally CreateTally(uint start)
        {
            var tally = new Tally(this, start);
            Created.Add(tally);
            return tally;
        }

        public ITally TallyMerge(ITally a, ITally b)
        {
            Merged.Add((a, b));
            return new Tally(this, ((Tally)a).Value + ((Tally)b).Value);
        }

        public uint Peek(ITally t)
        {
            Peeked.Add(t);
            return ((Tally)t).Value;
        }

        public uint Retire(ITally t)
        {
            Retired.Add(t);
            return ((Tally)t).Value;
        }
    }
}
