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

    // add and sum-host-points take and return numbers only, so their proxies end in a finally instead of an exception
    // filter (InstanceGuard.EnsureLeft): the trap that escaped must still poison the instance and be the one named later.
    [Fact]
    public void InterruptedNumberOnlyCall_PoisonsTheInstance_AndNamesTheTrap()
    {
        var (instance, guest, store) = Instantiate();
        store.Interrupt();

        var trap = Assert.Throws<TrapException>(() => guest.Add(1, 2));
        store.ClearInterrupt();

        Assert.Equal(TrapKind.Interrupted, trap.Kind);
        Assert.Same(trap, instance.Trap);
        var refused = Assert.Throws<CanonicalAbiTrapException>(() => guest.Echo("refused"));
        Assert.Same(trap, refused.InnerException);
        Assert.Same(trap, Assert.Throws<CanonicalAbiTrapException>(() => guest.Add(1, 2)).InnerException);
    }

    [Fact]
    public void FailedImportUnderNumberOnlyCall_PoisonsTheInstance_AndNamesTheTrap()
    {
        var (instance, guest, _) = Instantiate(host => host.PointsFail = true);
        _ = Assert.Throws<TrapException>(() => guest.RelayEcho("fail"));
        var (other, otherGuest, _) = Instantiate(host => host.PointsFail = true);

        var trap = Assert.Throws<TrapException>(() => otherGuest.SumHostPoints(3));

        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Equal("the host has no points", trap.InnerException!.Message);
        Assert.Same(trap, other.Trap);
        Assert.NotSame(trap, instance.Trap);
        Assert.Same(trap, Assert.Throws<CanonicalAbiTrapException>(() => otherGuest.Echo("refused")).InnerException);
    }

    [Fact]
    public void NumberOnlyCalls_LeaveTheInstanceUsable()
    {
        var (instance, guest, _) = Instantiate();

        Assert.Equal(3u, guest.Add(1, 2));
        Assert.Equal(0L, guest.SumHostPoints(3));

        Assert.Null(instance.Trap);
        Assert.Equal("relay:host:ok", guest.RelayEcho("ok"));
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

    [Fact]
    public void BindingAnExportAtTheWrongCoreType_IsALinkError()
    {
        var (instance, _, _) = Instantiate();
        var add = instance.GetFunction(null, "add");

        var error = Assert.Throws<LinkException>(() => add.GetCore<Func<int, long>>());

        Assert.StartsWith("the core function of an exported function: function has type", error.Message);
        Assert.Equal(5, add.GetCore<Func<int, int, int>>()(2, 3));
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

        public bool PointsFail { get; set; }

        public IReadOnlyList<Point> HostPoints(uint n) => PointsFail ? throw new InvalidOperationException("the host has no points") : [];

        public Result<string?, byte> HostClassify(Option<uint?> x, Shape s) => Result<string?, byte>.Ok(null);
    }
}
