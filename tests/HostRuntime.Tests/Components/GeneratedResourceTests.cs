using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.HandlesWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Corpus/handles through generated bindings: the guest's `counter` resource as a <see cref="Counter"/> handle object
/// (constructor, methods, borrows, Dispose running the guest's destructor) and the host's `blob` moved both ways and lent.
/// </summary>
public sealed class GeneratedResourceTests
{
    private const string Counters = "witsharp:handles/counters@1.0.0";

    private static readonly Engine Engine = new();
    private static readonly Component Handles = Component.FromBytes(Engine, TestFiles.Corpus("handles.component.wasm"));

    private readonly Host host = new();
    private readonly ComponentInstance instance;
    private readonly Exports.CountersExports counters;

    public GeneratedResourceTests()
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, host);
        instance = linker.Instantiate(new Store(Engine), Handles);
        counters = new Exports(instance).Counters;
    }

    [Fact]
    public void GuestResource_ConstructCallAndDispose_RunsTheGuestDestructorOnce()
    {
        using var first = new Counter(counters, 5);
        var second = new Counter(counters, -2);
        first.Increment(10);

        Assert.Equal(15L, first.Value());
        Assert.Equal(13L, counters.Total(first, second));
        Assert.Equal(2u, counters.LiveCounters());

        second.Dispose();
        Assert.Equal(1u, counters.LiveCounters());
        second.Dispose();
        Assert.Equal(1u, counters.LiveCounters());
        Assert.Equal(15L, first.Value());

        first.Dispose();
        Assert.Equal(0u, counters.LiveCounters());
    }

    [Fact]
    public void DisposedGuestResource_CannotBeUsedOrLent()
    {
        var live = new Counter(counters, 1);
        var disposed = new Counter(counters, 2);
        disposed.Dispose();

        Assert.Throws<ObjectDisposedException>(() => disposed.Value());
        Assert.Throws<ObjectDisposedException>(() => disposed.Increment(1));
        var error = Assert.Throws<ObjectDisposedException>(() => counters.Total(live, disposed));
        Assert.Contains("the counter was disposed or moved into the component", error.Message);
        Assert.Throws<ArgumentNullException>(() => counters.Total(live, null!));
        Assert.Throws<ArgumentNullException>(() => new Counter(null!, 1));
        Assert.Equal(1u, counters.LiveCounters());
    }

    [Fact]
    public void GuestResource_OfAnotherInstance_IsRejected()
    {
        using var mine = new Counter(counters, 1);
        using var foreign = new Counter(new GeneratedResourceTests().counters, 2);

        var error = Assert.Throws<ArgumentException>(() => counters.Total(mine, foreign));

        Assert.StartsWith("the counter belongs to another component instance", error.Message);
        Assert.Equal(3L, new Exports(instance).Counters.Total(mine, mine) + mine.Value());
        Assert.Equal(3L, foreign.Value() + mine.Value());
    }

    [Fact]
    public void HostResource_ReturnedByTheGuest_AndMovedBack_IsDisposedByTheGuestsDrop()
    {
        var blob = counters.MakeBlob(7);

        Assert.Equal(7u, blob.Size());
        Assert.Empty(host.Disposed);

        counters.DropBlob(blob);
        Assert.Equal([blob], host.Disposed);
    }

    [Fact]
    public void HostResource_LentToTheGuest_StaysWithTheHost()
    {
        using var blob = host.CreateBlob(new byte[3]);
        using var counter = new Counter(counters, 1);

        Assert.Equal(3u, counters.BlobSize(blob));
        counter.Absorb(blob);

        Assert.Equal(4L, counter.Value());
        Assert.Empty(host.Disposed);
    }

    [Fact]
    public void BorrowKeptPastTheCall_Traps()
    {
        using var blob = host.CreateBlob(new byte[1]);

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => counters.KeepBorrow(blob));

        Assert.Equal("1 borrowed resource handle(s) were not dropped before the call returned", trap.Message);
        Assert.Empty(host.Disposed);
    }

    /// <summary>The generated host code lifting the blob parameter of <c>[method]blob.size</c> (a borrow) and of
    /// <c>reclaim</c> (an own) checks the handle's type: the guest's own counter handle does not pass for a blob.</summary>
    [Theory]
    [InlineData("forge-size")]
    [InlineData("forge-reclaim")]
    public void HandleOfTheOtherType_PassedForABorrowedOrOwnedBlob_Traps(string function)
    {
        var forge = instance.GetFunction(Counters, function).GetCore<Func<int, int>>();
        var blob = instance.GetFunction(Counters, "make-blob").GetCore<Func<int, int>>()(5);
        var counter = instance.GetFunction(Counters, "[constructor]counter").GetCore<Func<long, int>>()(1);
        Assert.Equal(5, forge(blob));

        var trap = Assert.Throws<TrapException>(() => forge(counter));

        Assert.Equal(
            $"resource handle {counter} has the wrong type: it is a handle of {Counters}#counter, but a handle of witsharp:handles/blobs@1.0.0#blob is required",
            trap.InnerException!.Message);
        Assert.Equal(1u, counters.LiveCounters());
        Assert.Empty(host.Disposed);
    }

    /// <summary>CanonicalABI.md: lift_borrow lends the handle to the call, and lift_own traps on a lent handle, so one
    /// handle cannot reach the host as both a borrow and an own of the same call.</summary>
    [Fact]
    public void OneHandleAsTheBorrowAndTheOwnOfOneCall_Traps()
    {
        var blob = instance.GetFunction(Counters, "make-blob").GetCore<Func<int, int>>()(5);
        var forgeMerge = instance.GetFunction(Counters, "forge-merge").GetCore<Func<int, int>>();

        var trap = Assert.Throws<TrapException>(() => forgeMerge(blob));

        Assert.Equal(
            $"resource handle {blob} is lent to this call as a borrow, so it cannot also be passed as an owned handle",
            trap.InnerException!.Message);
        Assert.Empty(host.Disposed);
    }

    /// <summary>A host error lowering an argument after an owned guest resource (a null blob, a string the guest cannot
    /// receive) leaves no trace: the guest never ran, so the counter is the host's again and its table entry is gone.</summary>
    [Theory]
    [InlineData("null blob", typeof(ArgumentNullException))]
    [InlineData("unpaired surrogate", typeof(System.Text.EncoderFallbackException))]
    public void HostErrorAfterAnOwnedGuestResource_TakesTheCallBack(string badArgument, Type error)
    {
        var counter = new Counter(counters, 1);
        var blob = badArgument == "null blob" ? null : host.CreateBlob(new byte[2]);
        var label = badArgument == "unpaired surrogate" ? new string((char)0xD800, 1) : "label";
        var nextHandle = NextHandleIndex();

        Assert.IsType(error, Record.Exception(() => counters.Adopt(counter, blob!, label)));

        Assert.Null(instance.Trap);
        Assert.Empty(host.Disposed);
        Assert.Equal(nextHandle, NextHandleIndex());
        Assert.Equal(1L, counter.Value());
        Assert.Equal(1u, counters.LiveCounters());
        using var kept = host.CreateBlob(new byte[3]);
        Assert.Equal(5u, counters.Adopt(counter, kept, "label"));
        Assert.Equal(0u, counters.LiveCounters());
        Assert.Equal([kept], host.Disposed);
        Assert.Throws<ObjectDisposedException>(() => counter.Value());
    }

    [Fact]
    public void GuestResourceTakenBackFromAFailedCall_CanBeDisposed()
    {
        var counter = new Counter(counters, 1);

        Assert.Throws<ArgumentNullException>(() => counters.Adopt(counter, null!, "label"));
        counter.Dispose();

        Assert.Equal(0u, counters.LiveCounters());
        Assert.Throws<ObjectDisposedException>(() => counter.Value());
    }

    /// <summary>A null element of a list of owned blobs: the blobs lowered before it leave the component's table and the
    /// host's object store (nothing keeps them alive), and stay the caller's to pass again.</summary>
    [Fact]
    public void HostErrorInAListOfOwnedHostResources_TakesTheCallBack()
    {
        var nextHandle = NextHandleIndex();

        var lowered = FailToAdoptBlobFollowedByNull();

        Assert.Null(instance.Trap);
        Assert.Empty(host.Disposed);
        Assert.Equal(nextHandle, NextHandleIndex());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(lowered.IsAlive);
    }

    [Fact]
    public void HostResourceTakenBackFromAFailedCall_CanBePassedAgain()
    {
        var first = host.CreateBlob(new byte[1]);
        var second = host.CreateBlob(new byte[2]);
        var nextHandle = NextHandleIndex();

        Assert.Throws<ArgumentNullException>(() => counters.AdoptAll([first, second, null!]));

        Assert.Empty(host.Disposed);
        Assert.Equal(nextHandle, NextHandleIndex());
        Assert.Equal(2u, counters.AdoptAll([first, second]));
        Assert.Equal([first, second], host.Disposed);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private WeakReference FailToAdoptBlobFollowedByNull()
    {
        var blob = host.CreateBlob(new byte[1]);
        Assert.Throws<ArgumentNullException>(() => counters.AdoptAll([blob, null!]));
        return new WeakReference(blob);
    }

    /// <summary>The handle index the component's table hands out next (a blob made and dropped again by the guest): a
    /// call that changed nothing leaves it the same.</summary>
    private int NextHandleIndex()
    {
        var handle = instance.GetFunction(Counters, "make-blob").GetCore<Func<int, int>>()(1);
        instance.GetFunction(Counters, "drop-blob").GetCore<Action<int>>()(handle);
        host.Disposed.Clear();
        return handle;
    }

    /// <summary>Disposing a guest resource from a host import while the guest runs cannot drop it (that would re-enter the
    /// instance); the handle stays undisposed, so a later Dispose still runs the guest's destructor.</summary>
    [Fact]
    public void GuestResourceDisposedDuringACall_FailsAndCanBeDisposedLater()
    {
        using var blob = host.CreateBlob(new byte[3]);
        var counter = new Counter(counters, 1);
        Exception? failure = null;
        host.DuringSize = () => failure = Record.Exception(counter.Dispose);

        Assert.Equal(3u, counters.BlobSize(blob));

        Assert.IsType<CanonicalAbiTrapException>(failure);
        Assert.Equal(1u, counters.LiveCounters());
        counter.Dispose();
        Assert.Equal(0u, counters.LiveCounters());
    }

    private sealed class Host : IImports, IBlobs
    {
        public List<IBlob> Disposed { get; } = [];

        public IBlobs Blobs => this;

        public IBlob CreateBlob(byte[] data) => new Blob(data.Length, this);

        public uint Reclaim(IBlob b) => b.Size();

        public uint Merge(IBlob target, IBlob source) => target.Size() + source.Size();

        /// <summary>Runs inside the next <c>[method]blob.size</c> call, while the guest is running.</summary>
        public Action? DuringSize { get; set; }

        private sealed class Blob(int size, Host host) : IBlob
        {
            public uint Size()
            {
                host.DuringSize?.Invoke();
                host.DuringSize = null;
                return (uint)size;
            }

            public void Dispose() => host.Disposed.Add(this);
        }
    }
}
