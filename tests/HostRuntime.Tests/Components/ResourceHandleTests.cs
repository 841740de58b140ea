using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Corpus/handles: the guest's own `counter` resource (resource.new/rep, destructor) and the host's `blob` resource
/// passed as owned and borrowed handles in both directions, with the spec's handle rules enforced by the runtime.
/// </summary>
public sealed class ResourceHandleTests
{
    private const string Counters = "witsharp:handles/counters@1.0.0";
    private const string Blobs = "witsharp:handles/blobs@1.0.0";
    private const string BlobKey = Blobs + "#blob";
    private const string CounterKey = Counters + "#counter";

    private static readonly Engine Engine = new();
    private static readonly Component Handles = Component.FromBytes(Engine, TestFiles.Corpus("handles.component.wasm"));

    private readonly Dictionary<int, byte[]> blobs = [];
    private readonly List<int> destroyedBlobs = [];
    private readonly ComponentInstance instance;
    private int nextBlob = 100;

    public ResourceHandleTests() => instance = Instantiate(new Store(Engine));

    private ComponentInstance Instantiate(Store store)
    {
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(Blobs, "[constructor]blob", options => new Func<int, int, int>((pointer, length) =>
        {
            var representation = nextBlob++;
            blobs.Add(representation, CanonicalValues.LiftBytes(options.Memory, pointer, length));
            return options.Resources.For(BlobKey).Add(representation, own: true);
        }));
        linker.DefineFunction(Blobs, "[method]blob.size", options => new Func<int, int>(handle =>
            blobs[options.Resources.For(BlobKey).Representation(handle)].Length));
        linker.DefineFunction(Blobs, "reclaim", options => new Func<int, int>(handle =>
        {
            var representation = options.Resources.For(BlobKey).RemoveOwned(handle);
            var size = blobs[representation].Length;
            blobs.Remove(representation);
            return size;
        }));
        linker.DefineFunction(Blobs, "merge", options => new Func<int, int, int>((target, source) =>
        {
            var table = options.Resources.For(BlobKey);
            var size = blobs[table.Lend(target)].Length + blobs[table.RemoveOwned(source)].Length;
            options.Resources.EndLends();
            return size;
        }));
        linker.DefineResourceDestructor(Blobs, "blob", representation =>
        {
            destroyedBlobs.Add(representation);
            blobs.Remove(representation);
        });
        return linker.Instantiate(store, Handles);
    }

    [Fact]
    public void HandleTable_StopsAtTheStoresTableLimit()
    {
        // A guest creating handles in a loop must trap before the host's table grows without bound.
        var limited = Instantiate(new Store(Engine, StoreLimits.Default with { MaxTableElements = 3 }));
        var construct = limited.GetFunction(Counters, "[constructor]counter").GetCore<Func<long, int>>();
        Assert.Equal([1, 2, 3], new[] { construct(1), construct(2), construct(3) });

        var trap = Assert.Throws<TrapException>(() => construct(4));

        Assert.Equal("the resource handle table is full: it holds at most 3 handles", Assert.IsType<CanonicalAbiTrapException>(trap.InnerException).Message);
    }

    [Fact]
    public void GuestResource_ConstructMethodsAndDestructor()
    {
        var first = NewCounter(5);
        var second = NewCounter(-2);
        Call<Action<int, long>>("[method]counter.increment")(first, 10);

        Assert.Equal(15L, Call<Func<int, long>>("[method]counter.value")(first));
        Assert.Equal(13L, Call<Func<int, int, long>>("total")(first, second));
        Assert.Equal(2, LiveCounters());

        instance.DropResource(CounterKey, first);
        Assert.Equal(1, LiveCounters());
        instance.DropResource(CounterKey, second);
        Assert.Equal(0, LiveCounters());
    }

    [Fact]
    public void HostResource_OwnedByTheGuest_ReturnedToTheHost()
    {
        var handle = Call<Func<int, int>>("make-blob")(7);

        var representation = instance.Resources.For(BlobKey).Remove(handle);

        Assert.Equal(7, blobs[representation].Length);
        Assert.Empty(destroyedBlobs);
    }

    [Fact]
    public void BorrowedHostResource_IsDroppedByTheGuestBeforeReturning_WithoutDestroyingIt()
    {
        var representation = HostBlob(3);
        var table = instance.Resources.For(BlobKey);

        Assert.Equal(3, Call<Func<int, int>>("blob-size")(table.Add(representation, own: false)));
        table.CheckNoOutstandingBorrows();

        var counter = NewCounter(1);
        Call<Action<int, int>>("[method]counter.absorb")(counter, table.Add(representation, own: false));
        table.CheckNoOutstandingBorrows();
        Assert.Equal(4L, Call<Func<int, long>>("[method]counter.value")(counter));
        Assert.Empty(destroyedBlobs);
    }

    [Fact]
    public void OwnedHostResource_DroppedByTheGuest_RunsTheHostDestructor()
    {
        var representation = HostBlob(2);

        Call<Action<int>>("drop-blob")(instance.Resources.For(BlobKey).Add(representation, own: true));

        Assert.Equal([representation], destroyedBlobs);
    }

    [Fact]
    public void BorrowKeptPastTheCall_IsCaught()
    {
        var table = instance.Resources.For(BlobKey);
        Call<Action<int>>("keep-borrow")(table.Add(HostBlob(1), own: false));

        var trap = Assert.Throws<CanonicalAbiTrapException>(table.CheckNoOutstandingBorrows);
        Assert.Equal("1 borrowed resource handle(s) were not dropped before the call returned", trap.Message);
    }

    [Theory]
    [InlineData("forge-drop")]
    [InlineData("forge-size")]
    [InlineData("forge-rep")]
    public void ForgedHandles_Trap(string function)
    {
        var live = NewCounter(1);
        var blob = instance.Resources.For(BlobKey).Add(HostBlob(1), own: true);

        Action forged = function == "forge-drop" ? () => Call<Action<int>>(function)(999) : () => Call<Func<int, int>>(function)(999);

        var trap = Assert.Throws<TrapException>(forged);

        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Equal("resource handle 999 is not a live handle of this instance", trap.InnerException!.Message);
        Assert.Equal(1L, Call<Func<int, long>>("[method]counter.value")(live));
        Assert.Equal(1, Call<Func<int, int>>("forge-size")(blob));
    }

    /// <summary>CanonicalABI.md's one <c>handles</c> table per instance: the guest's counter and the host's blob are
    /// numbered in one index space, and a freed index is reused by either type.</summary>
    [Fact]
    public void HandlesOfBothResourceTypes_AreNumberedInTheInstancesOneTable()
    {
        var counter = Call<Func<long, int>>("[constructor]counter")(5);
        var blob = Call<Func<int, int>>("make-blob")(3);

        Assert.Equal((1, 2), (counter, blob));
        Assert.Equal(5L, Call<Func<int, long>>("[method]counter.value")(instance.Resources.For(CounterKey).RemoveOwned(counter)));
        Assert.Equal(counter, Call<Func<int, int>>("make-blob")(4));
        Assert.Equal(3, Call<Func<int, int>>("forge-size")(blob));
    }

    [Theory]
    [InlineData("forge-rep", true)]
    [InlineData("forge-drop", false)]
    public void ResourceRepOrDrop_OfAHandleOfTheOtherType_Traps_AndDestroysNothing(string function, bool forgeABlob)
    {
        var counter = Call<Func<long, int>>("[constructor]counter")(1);
        var blob = instance.Resources.For(BlobKey).Add(HostBlob(1), own: true);
        var (forged, actual, expected) = forgeABlob ? (blob, BlobKey, CounterKey) : (counter, CounterKey, BlobKey);

        Action call = function == "forge-drop" ? () => Call<Action<int>>(function)(forged) : () => Call<Func<int, int>>(function)(forged);

        var trap = Assert.Throws<TrapException>(call);

        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Equal($"resource handle {forged} has the wrong type: it is a handle of {actual}, but a handle of {expected} is required", trap.InnerException!.Message);
        Assert.Equal(1, LiveCounters());
        Assert.Empty(destroyedBlobs);
        Assert.Equal(1L, Call<Func<int, long>>("[method]counter.value")(instance.Resources.For(CounterKey).Representation(counter)));
        Assert.Equal(1, Call<Func<int, int>>("forge-size")(blob));
    }

    [Fact]
    public void DroppingAHandleTwice_Traps()
    {
        var handle = instance.Resources.For(BlobKey).Add(HostBlob(1), own: true);
        Call<Action<int>>("drop-blob")(handle);

        var trap = Assert.Throws<TrapException>(() => Call<Action<int>>("drop-blob")(handle));

        Assert.Equal($"resource handle {handle} is not a live handle of this instance", trap.InnerException!.Message);
    }

    [Fact]
    public void UnknownResourceKey_IsNamed()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => instance.DropResource("nope#thing", 1));
        Assert.Contains(CounterKey, error.Message);
    }

    private int HostBlob(int size)
    {
        var representation = nextBlob++;
        blobs.Add(representation, new byte[size]);
        return representation;
    }

    /// <summary>Constructs a counter and lifts the owned handle out of the guest's table, as generated code does.</summary>
    private int NewCounter(long start) =>
        instance.Resources.For(CounterKey).Remove(Call<Func<long, int>>("[constructor]counter")(start));

    private int LiveCounters() => Call<Func<int>>("live-counters")();

    private TDelegate Call<TDelegate>(string function)
        where TDelegate : Delegate => instance.GetFunction(Counters, function).GetCore<TDelegate>();
}
