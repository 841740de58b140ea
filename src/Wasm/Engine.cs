namespace WitSharp.Wasm;

/// <summary>Engine-wide settings.</summary>
public sealed record EngineConfig
{
    /// <summary>Whether execution consumes fuel (see <see cref="Store.AddFuel"/>); off by default.</summary>
    public bool ConsumeFuel { get; init; }

    /// <summary>The deepest guest call nesting before a <see cref="TrapKind.StackExhausted"/> trap. Leaf functions (no calls,
    /// small frame) are not counted, so one more frame than this can be live.</summary>
    public int MaxCallDepth { get; init; } = 10_000;

    /// <summary>The limits new stores start with.</summary>
    public StoreLimits DefaultLimits { get; init; } = StoreLimits.Default;
}

/// <summary>Per-store resource limits.</summary>
/// <param name="MaxMemoryPages">Most pages any one memory may have.</param>
/// <param name="MaxTableElements">Most elements any one table may have.</param>
/// <param name="MaxInstances">Most instances the store may create.</param>
public sealed record StoreLimits(uint MaxMemoryPages, uint MaxTableElements, int MaxInstances)
{
    /// <summary>4 GiB of memory, 10 million table elements, 10 000 instances.</summary>
    public static StoreLimits Default { get; } = new(Memory.MaxPages, 10_000_000, 10_000);
}

/// <summary>Configuration shared by modules and stores; modules compiled with one engine run in its stores.</summary>
public sealed class Engine
{
    /// <summary>Creates an engine.</summary>
    /// <param name="config">The settings, or <see langword="null"/> for defaults.</param>
    public Engine(EngineConfig? config = null)
    {
        Config = config ?? new EngineConfig();
        if (Config.MaxCallDepth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(config), "MaxCallDepth must be positive");
        }
    }

    /// <summary>The engine's settings.</summary>
    public EngineConfig Config { get; }
}
