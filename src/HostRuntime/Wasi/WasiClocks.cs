using System.Diagnostics;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Wasi;

/// <summary>The clocks behind <c>wasi:clocks</c> and the timers of <c>wasi:io/poll</c>.</summary>
internal static class WasiClocks
{
    /// <summary>Nanoseconds on the monotonic clock (Stopwatch), whose origin is arbitrary.</summary>
    public static ulong MonotonicNow()
    {
        var timestamp = Stopwatch.GetTimestamp();
        var frequency = Stopwatch.Frequency;
        return ((ulong)(timestamp / frequency) * 1_000_000_000UL) + (ulong)((timestamp % frequency) * 1_000_000_000L / frequency);
    }
}

/// <summary><c>wasi:clocks/wall-clock</c> and <c>wasi:clocks/monotonic-clock</c>.</summary>
internal static class WasiClockImports
{
    public static void DefineWallClock(IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "now", o => (Action<int>)(ret =>
        {
            var sinceEpoch = DateTime.UtcNow - DateTime.UnixEpoch;
            StoreDatetime(o, ret, (ulong)(sinceEpoch.Ticks / TimeSpan.TicksPerSecond), (uint)(sinceEpoch.Ticks % TimeSpan.TicksPerSecond * 100));
        }));
        imports.DefineFunction(instance, "resolution", o => (Action<int>)(ret => StoreDatetime(o, ret, 0, 100)));
    }

    public static void DefineMonotonicClock(WasiState state, IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "now", _ => (Func<long>)(() => (long)WasiClocks.MonotonicNow()));
        imports.DefineFunction(instance, "resolution", _ => (Func<long>)(() => Math.Max(1, 1_000_000_000L / Stopwatch.Frequency)));
        imports.DefineFunction(instance, "subscribe-instant", o => (Func<long, int>)(when =>
            state.Own(o, WasiResource.Pollable, new TimerPollable((ulong)when))));
        imports.DefineFunction(instance, "subscribe-duration", o => (Func<long, int>)(duration =>
        {
            var now = WasiClocks.MonotonicNow();
            var deadline = now + (ulong)duration < now ? ulong.MaxValue : now + (ulong)duration;
            return state.Own(o, WasiResource.Pollable, new TimerPollable(deadline));
        }));
    }

    /// <summary>Stores a <c>datetime</c> record { seconds: u64, nanoseconds: u32 } (size 16, align 8).</summary>
    public static void StoreDatetime(CanonicalOptions o, int at, ulong seconds, uint nanoseconds)
    {
        o.Memory.StoreU64(at, seconds);
        o.Memory.StoreU32(at + 8, nanoseconds);
    }
}
