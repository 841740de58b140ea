namespace WitSharp.Wasm;

/// <summary>
/// The state of one plugin: its instances, memories, tables, limits, fuel and interruption. A store is used by one
/// thread at a time; only <see cref="Interrupt"/> may be called from another thread.
/// </summary>
public sealed class Store
{
    /// <summary>Remaining fuel; compiled code decrements it directly.</summary>
    internal long Fuel;

    /// <summary>Current guest call nesting.</summary>
    internal int CallDepth;

    /// <summary>
    /// Non-zero when guest code must stop with <see cref="TrapKind.Interrupted"/>, one bit per <see cref="InterruptSource"/>.
    /// Compiled code reads it (volatile) at every loop header and function entry. A timer and a token registration set
    /// it, so the hot path never calls out or reads the clock.
    /// </summary>
    internal int InterruptFlags;

    private DateTime? _deadlineUtc;
    private Timer? _deadlineTimer;
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _cancellationRegistration;
    private int _instanceCount;
    private readonly List<Memory> _memories = [];

    /// <summary>Creates a store.</summary>
    /// <param name="engine">The engine whose modules run here.</param>
    /// <param name="limits">Resource limits, or <see langword="null"/> for the engine's defaults.</param>
    public Store(Engine engine, StoreLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        Limits = limits ?? engine.Config.DefaultLimits;
        MaxCallDepth = engine.Config.MaxCallDepth;
    }

    [Flags]
    private enum InterruptSource
    {
        Request = 1,
        Deadline = 2,
        Cancellation = 4,
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The resource limits.</summary>
    public StoreLimits Limits { get; }

    /// <summary>The deepest guest call nesting (from the engine configuration).</summary>
    internal int MaxCallDepth { get; }

    /// <summary>A point in time after which guest code traps with <see cref="TrapKind.Interrupted"/>, or <see langword="null"/>.</summary>
    public DateTime? DeadlineUtc
    {
        get => _deadlineUtc;
        set
        {
            _deadlineTimer?.Dispose();
            _deadlineTimer = null;
            _deadlineUtc = value;
            SetSource(InterruptSource.Deadline, false);
            if (value is { } deadline)
            {
                // The timer holds the store weakly so an abandoned store can still be collected.
                var watch = new DeadlineWatch(new WeakReference<Store>(this), deadline);
                _deadlineTimer = watch.Timer = new Timer(static state => ((DeadlineWatch)state!).Check(), watch, Timeout.Infinite, Timeout.Infinite);
                watch.Check();
            }
        }
    }

    /// <summary>A token that interrupts guest code (with <see cref="TrapKind.Interrupted"/>) when cancelled.</summary>
    public CancellationToken CancellationToken
    {
        get => _cancellationToken;
        set
        {
            _cancellationRegistration.Dispose();
            _cancellationToken = value;
            SetSource(InterruptSource.Cancellation, false);
            var self = new WeakReference<Store>(this);
            _cancellationRegistration = value.UnsafeRegister(
                static state =>
                {
                    if (((WeakReference<Store>)state!).TryGetTarget(out var store))
                    {
                        store.SetSource(InterruptSource.Cancellation, true);
                    }
                },
                self);
        }
    }

    /// <summary>Adds fuel. Fuel is consumed only when <see cref="EngineConfig.ConsumeFuel"/> is on: one unit per executed wasm instruction.</summary>
    /// <param name="fuel">Units to add (non-negative).</param>
    public void AddFuel(long fuel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fuel);
        Fuel = fuel > long.MaxValue - Fuel ? long.MaxValue : Fuel + fuel;
    }

    /// <summary>The fuel left.</summary>
    /// <returns>The remaining units.</returns>
    public long GetFuel() => Fuel;

    /// <summary>
    /// Asks running guest code to stop: it traps with <see cref="TrapKind.Interrupted"/> at its next loop header or call.
    /// Safe to call from any thread; the request stays until <see cref="ClearInterrupt"/>.
    /// </summary>
    public void Interrupt() => SetSource(InterruptSource.Request, true);

    /// <summary>Withdraws an <see cref="Interrupt"/> request so guest code can run again.</summary>
    public void ClearInterrupt() => SetSource(InterruptSource.Request, false);

    /// <summary>Counts a new instance against the limit.</summary>
    internal void RegisterInstance()
    {
        if (_instanceCount >= Limits.MaxInstances)
        {
            throw new LinkException($"store instance limit of {Limits.MaxInstances} reached");
        }

        _instanceCount++;
    }

    /// <summary>Keeps <paramref name="memory"/> alive as long as this store (see <see cref="Memory"/>'s constructor).</summary>
    internal void Retain(Memory memory) => _memories.Add(memory);

    private void SetSource(InterruptSource source, bool active)
    {
        if (active)
        {
            Interlocked.Or(ref InterruptFlags, (int)source);
        }
        else
        {
            Interlocked.And(ref InterruptFlags, ~(int)source);
        }
    }

    /// <summary>Raises the deadline flag once the deadline has passed, re-arming its timer until then.</summary>
    private sealed class DeadlineWatch(WeakReference<Store> store, DateTime deadline)
    {
        /// <summary>Timers wait at most about 49 days; a later deadline is re-armed when the timer fires.</summary>
        private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(40);

        public Timer? Timer { get; set; }

        public void Check()
        {
            if (!store.TryGetTarget(out var owner) || owner._deadlineUtc != deadline)
            {
                return;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                owner.SetSource(InterruptSource.Deadline, true);
                return;
            }

            try
            {
                Timer?.Change(remaining < MaxDelay ? remaining : MaxDelay, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The deadline was replaced meanwhile.
            }
        }
    }
}
