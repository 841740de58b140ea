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

    /// <summary>Loop iterations and calls left before the interrupt sources are polled again.</summary>
    internal int InterruptCountdown = Ops.InterruptPollInterval;

    private volatile bool _interruptRequested;
    private int _instanceCount;

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

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>The resource limits.</summary>
    public StoreLimits Limits { get; }

    /// <summary>The deepest guest call nesting (from the engine configuration).</summary>
    internal int MaxCallDepth { get; }

    /// <summary>A point in time after which guest code traps with <see cref="TrapKind.Interrupted"/>, or <see langword="null"/>.</summary>
    public DateTime? DeadlineUtc { get; set; }

    /// <summary>A token that interrupts guest code (with <see cref="TrapKind.Interrupted"/>) when cancelled.</summary>
    public CancellationToken CancellationToken { get; set; }

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
    public void Interrupt()
    {
        _interruptRequested = true;
        InterruptCountdown = 0;
    }

    /// <summary>Withdraws an <see cref="Interrupt"/> request so guest code can run again.</summary>
    public void ClearInterrupt() => _interruptRequested = false;

    /// <summary>Traps with <see cref="TrapKind.Interrupted"/> when interruption was requested, the deadline passed or the token fired.</summary>
    internal void PollInterrupt()
    {
        InterruptCountdown = Ops.InterruptPollInterval;
        if (_interruptRequested || CancellationToken.IsCancellationRequested || (DeadlineUtc is { } deadline && DateTime.UtcNow >= deadline))
        {
            InterruptCountdown = 0;
            throw new TrapException(TrapKind.Interrupted);
        }
    }

    /// <summary>Counts a new instance against the limit.</summary>
    internal void RegisterInstance()
    {
        if (_instanceCount >= Limits.MaxInstances)
        {
            throw new LinkException($"store instance limit of {Limits.MaxInstances} reached");
        }

        _instanceCount++;
    }
}
