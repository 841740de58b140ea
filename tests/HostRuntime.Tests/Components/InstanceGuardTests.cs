using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.ValuesWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// The values guest through generated bindings: an instance whose call trapped refuses every later call (naming the
/// trap), a host import calling back into its caller is refused as the Canonical ABI requires, host-side argument errors
/// leave the instance usable, and one poisoned instance does not affect another.
/// </summary>
public sealed class InstanceGuardTests
{
    private static readonly Engine Engine = new();
    private static readonly Component Values = Component.FromBytes(Engine, TestFiles.Corpus("values.component.wasm"));

    [Fact]
    public void TrappedInstance_RefusesEveryLaterCall_AndNamesTheTrap()
    {
        var (instance, guest, _) = Instantiate();
        var trap = Assert.Throws<TrapException>(() => guest.RelayEcho("fail"));
        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);

        var refused = Assert.Throws<CanonicalAbiTrapException>(() => guest.Add(1, 2));
        Assert.StartsWith("cannot enter the component instance: an earlier call trapped (TrapException: ", refused.Message);
        Assert.Same(trap, refused.InnerException);
        Assert.Same(trap, instance.Trap);
        Assert.Throws<CanonicalAbiTrapException>(() => guest.Echo("still refused"));

        var (other, otherGuest, _) = Instantiate();
        Assert.Equal(3u, otherGuest.Add(1, 2));
        Assert.Null(other.Trap);
    }

    [Fact]
    public void InterruptedCall_PoisonsTheInstance()
    {
        var (instance, guest, store) = Instantiate();
        store.Interrupt();

        Assert.Equal(TrapKind.Interrupted, Assert.Throws<TrapException>(() => guest.Reverse([1, 2, 3])).Kind);
        store.ClearInterrupt();

        Assert.Throws<CanonicalAbiTrapException>(() => guest.Add(1, 2));
        Assert.IsType<TrapException>(instance.Trap);
    }

    [Fact]
    public void HostImportCallingBackIntoItsCaller_IsRefused()
    {
        var (instance, guest, _) = Instantiate(host => host.Reenter = () => host.Guest!.Add(1, 2));

        var trap = Assert.Throws<TrapException>(() => guest.RelayEcho("reenter"));

        var refused = Assert.IsType<CanonicalAbiTrapException>(trap.InnerException);
        Assert.Equal("cannot enter the component instance: it is already running (a host import called back into it), which the Canonical ABI forbids", refused.Message);
        Assert.Same(trap, instance.Trap);
    }

    [Fact]
    public void HostArgumentErrors_LeaveTheInstanceUsable()
    {
        var (instance, guest, _) = Instantiate();

        Assert.ThrowsAny<Exception>(() => guest.Echo(null!));
        Assert.ThrowsAny<Exception>(() => guest.Scale([new Point(1, 2, null!)], 2));

        Assert.Null(instance.Trap);
        Assert.Equal("relay:host:ok", guest.RelayEcho("ok"));
    }

    private static (ComponentInstance Instance, Exports Guest, Store Store) Instantiate(Action<ReenteringHost>? configure = null)
    {
        var host = new ReenteringHost();
        configure?.Invoke(host);
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, host);
        var store = new Store(Engine);
        var instance = linker.Instantiate(store, Values);
        host.Guest = new Exports(instance);
        return (instance, host.Guest, store);
    }

    private sealed class ReenteringHost : IImports
    {
        public Exports? Guest { get; set; }

        public Func<uint>? Reenter { get; set; }

        public string HostEcho(string s) => s switch
        {
            "fail" => throw new InvalidOperationException("the host refuses this text"),
            "reenter" => "host:" + Reenter!(),
            _ => "host:" + s,
        };

        public IReadOnlyList<Point> HostPoints(uint n) => [];

        public Result<string?, byte> HostClassify(Option<uint?> x, Shape s) => Result<string?, byte>.Ok(null);
    }
}
