using System.Runtime.CompilerServices;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>
/// Decides whether a call may enter a component instance. The Canonical ABI traps when a call would re-enter an
/// instance that is already running (a host import calling back into the instance that called it), and a trap leaves
/// the instance in an unknown state, so after one every later call is refused, as jco and wasmtime do. Generated
/// export proxies call <see cref="LiftedFunction.Enter"/> first, <see cref="LiftedFunction.Leave"/> after the
/// post-return, and <see cref="LiftedFunction.Poison"/> from an exception filter when an exception escapes in between.
/// Proxies of functions whose arguments and results are plain numbers call <see cref="Enter"/>, <see cref="Leave"/> and,
/// from a <c>finally</c> block, <see cref="EnsureLeft"/> on the guard itself.
/// Like the engine's store, an instance serves one thread at a time; the guard does not synchronize threads.
/// </summary>
public sealed class InstanceGuard
{
    private const int Idle = 0, Running = 1, Poisoned = 2;

    // One field, so entering costs a single compare.
    private int state;

    // How many cabi_realloc or post-return calls are running (CanonicalABI.md's may_leave is false while any is). Kept
    // apart from the state: realloc also runs while the instance is idle, for an import called by a core start function.
    private int mayNotLeave;

    /// <summary>
    /// Beyond the size of the memory a lift reads from, how many bytes it may read through pointers (string and list blocks).
    /// Values that do not overlap never read more than the memory holds; this slack admits small honest aliasing (a list
    /// of strings sharing one literal).
    /// </summary>
    internal const long LiftSlackBytes = 16 << 20;

    // Bytes the lift under way has read through pointers (see CountLifted). A lift starts when an export call enters and
    // around every import call, so each lift counts alone.
    private long liftedBytes;

    /// <summary>The exception that poisoned the instance, or <see langword="null"/> while it is usable.</summary>
    public Exception? Trap { get; private set; }

    /// <summary>Marks the instance running.</summary>
    /// <exception cref="CanonicalAbiTrapException">The instance trapped earlier (the trap is the inner exception) or is already running.</exception>
    public void Enter()
    {
        if (state != Idle)
        {
            throw CannotEnter();
        }

        state = Running;
    }

    /// <summary>Marks the call finished; the instance may be entered again.</summary>
    public void Leave() => state = Idle;

    /// <summary>
    /// Called from the <c>finally</c> block of a call (which, unlike the exception filter calling <see cref="Poison"/>,
    /// lets the JIT inline the proxy): nothing after <see cref="Leave"/>; a call that never reached it poisons the
    /// instance. Only proxies whose lowering and lifting cannot fail use it (every argument is a number, bool or char and
    /// the result a number or bool), so what escaped came from the component's code, where everything that escapes is a
    /// trap: the instance is poisoned with the thread's most recent trap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnsureLeft()
    {
        if (state == Running)
        {
            Abandon();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Abandon()
    {
        Trap ??= (Exception?)TrapException.TakeMostRecentOnCurrentThread()
            ?? new CanonicalAbiTrapException("a call into the component instance ended with an exception that was not a trap");
        state = Poisoned;
    }

    /// <summary>Starts counting the bytes a lift reads through pointers.</summary>
    internal void BeginLift() => liftedBytes = 0;

    /// <summary>
    /// Counts a string or list block a lift reads from <paramref name="memory"/>. The Canonical ABI lets every element of a
    /// list point at the same block, so a guest could otherwise make the host copy out far more than its memory holds (a
    /// list of millions of strings sharing one 100 MB buffer) and exhaust the host's memory; a lift reading more than the
    /// memory plus <see cref="LiftSlackBytes"/> traps instead.
    /// </summary>
    internal void CountLifted(long byteLength, GuestMemory memory)
    {
        liftedBytes += byteLength;
        // The memory's size is read only past the slack, off the path of every ordinary lift.
        if (liftedBytes <= LiftSlackBytes)
        {
            return;
        }

        var memorySize = memory.Bytes.Length;
        if (liftedBytes > memorySize + LiftSlackBytes)
        {
            throw new CanonicalAbiTrapException(
                $"the values lifted from guest memory read {liftedBytes} bytes through their pointers, more than the {memorySize}-byte memory holds " +
                $"(plus {LiftSlackBytes} bytes of slack): the component points many strings or lists at the same memory, which the host refuses to copy out");
        }
    }

    /// <summary>Clears may_leave: the instance's <c>cabi_realloc</c> or post-return function is about to run.</summary>
    internal void ForbidLeaving() => mayNotLeave++;

    /// <summary>Sets may_leave again once that <c>cabi_realloc</c> or post-return function returned (or trapped).</summary>
    internal void AllowLeaving() => mayNotLeave--;

    /// <summary>An import call begins: traps when may_leave is clear (CanonicalABI.md's canon_lower), else starts the lift of its arguments.</summary>
    internal void EnterImport()
    {
        CheckMayLeave("an import");
        BeginLift();
    }

    /// <summary>Traps when the component calls <paramref name="what"/> while may_leave is clear.</summary>
    /// <param name="what">What the component called, for the message, e.g. <c>resource.new</c>.</param>
    internal void CheckMayLeave(string what)
    {
        if (mayNotLeave > 0)
        {
            throw new CanonicalAbiTrapException(
                $"the component called {what} while its cabi_realloc or post-return function was running, which the Canonical ABI forbids (may_leave)");
        }
    }

    /// <summary>
    /// Ends a call that <paramref name="exception"/> escaped. A trap (the guest trapped, a host import it called failed, or
    /// it broke a Canonical ABI contract) poisons the instance; anything else (the host's own argument errors, raised
    /// while lowering, before the guest could be left half-way) only ends the call. Returns <see langword="false"/> so an
    /// exception filter calling it lets the exception continue unchanged.
    /// </summary>
    /// <param name="exception">What escaped; the first trap is kept as <see cref="Trap"/>.</param>
    public bool Poison(Exception exception)
    {
        if (exception is TrapException or CanonicalAbiTrapException)
        {
            Trap ??= exception;
        }

        state = Trap is null ? Idle : Poisoned;
        return false;
    }

    private CanonicalAbiTrapException CannotEnter() => Trap is { } trap
        ? new CanonicalAbiTrapException(
            $"cannot enter the component instance: an earlier call trapped ({trap.GetType().Name}: {trap.Message}); a trapped instance stays unusable, create a new one",
            trap)
        : new CanonicalAbiTrapException(
            "cannot enter the component instance: it is already running (a host import called back into it), which the Canonical ABI forbids");
}
