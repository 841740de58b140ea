using System.Security.Cryptography;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Wasi;

/// <summary>A terminal resource; this host never gives one out (the guest is never attached to a terminal).</summary>
internal sealed class WasiTerminal;

/// <summary><c>wasi:cli/*</c>: environment, exit, stdio and the terminal interfaces.</summary>
internal static class WasiCli
{
    public static void DefineEnvironment(WasiState state, IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "get-environment", o => (Action<int>)(ret =>
        {
            var variables = state.Configuration.Environment;
            var list = WasiState.AllocateList(o, variables.Count, 16, 4);
            for (var i = 0; i < variables.Count; i++)
            {
                WasiState.StoreString(o, list + (16 * i), variables[i].Key);
                WasiState.StoreString(o, list + (16 * i) + 8, variables[i].Value);
            }

            o.Memory.StoreU32(ret, (uint)list);
            o.Memory.StoreU32(ret + 4, (uint)variables.Count);
        }));
        imports.DefineFunction(instance, "get-arguments", o => (Action<int>)(ret =>
        {
            var arguments = state.Configuration.Arguments;
            var list = WasiState.AllocateList(o, arguments.Count, 8, 4);
            for (var i = 0; i < arguments.Count; i++)
            {
                WasiState.StoreString(o, list + (8 * i), arguments[i]);
            }

            o.Memory.StoreU32(ret, (uint)list);
            o.Memory.StoreU32(ret + 4, (uint)arguments.Count);
        }));
        // No working directory: relative paths have nothing to be relative to outside the preopens.
        imports.DefineFunction(instance, "initial-cwd", o => (Action<int>)(ret => o.Memory.StoreU8(ret, 0)));
    }

    public static void DefineExit(WasiState state, IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "exit", _ => (Action<int>)(status =>
        {
            state.Stdout.Flush();
            state.Stderr.Flush();
            throw new WasiExitException(CanonicalValues.CheckDiscriminant(status, 2, "result"));
        }));
        imports.DefineFunction(instance, "exit-with-code", _ => (Action<int>)(code =>
        {
            state.Stdout.Flush();
            state.Stderr.Flush();
            throw new WasiExitException(code & 0xff);
        }));
    }

    public static void DefineStdio(WasiState state, IComponentImports imports, string instance)
    {
        switch (instance[..instance.IndexOf('@')])
        {
            case "wasi:cli/stdin":
                imports.DefineFunction(instance, "get-stdin", o => (Func<int>)(() => state.Own(o, WasiResource.InputStream, new EmptyInputStream())));
                break;
            case "wasi:cli/stdout":
                imports.DefineFunction(instance, "get-stdout", o => (Func<int>)(() => state.Own(o, WasiResource.OutputStream, state.Stdout)));
                break;
            default:
                imports.DefineFunction(instance, "get-stderr", o => (Func<int>)(() => state.Own(o, WasiResource.OutputStream, state.Stderr)));
                break;
        }
    }

    /// <summary>terminal-stdin/stdout/stderr: the guest is never attached to a terminal, so each returns none.</summary>
    public static void DefineTerminalStdio(IComponentImports imports, string instance)
    {
        var function = instance[..instance.IndexOf('@')] switch
        {
            "wasi:cli/terminal-stdin" => "get-terminal-stdin",
            "wasi:cli/terminal-stdout" => "get-terminal-stdout",
            _ => "get-terminal-stderr",
        };
        imports.DefineFunction(instance, function, o => (Action<int>)(ret => o.Memory.StoreU8(ret, 0)));
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
        imports.DefineFunction(instance, "resolution", _ => (Func<long>)(() => Math.Max(1, 1_000_000_000L / System.Diagnostics.Stopwatch.Frequency)));
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

/// <summary><c>wasi:random/random</c>, <c>insecure</c> and <c>insecure-seed</c>: real randomness, never a fixed seed.</summary>
internal static class WasiRandom
{
    /// <summary>A larger request is a guest bug or an attack on host memory; it traps.</summary>
    private const ulong MaxRandomBytes = 16 * 1024 * 1024;

    public static void DefineRandom(IComponentImports imports, string instance) =>
        DefineBytesAndU64(imports, instance, "get-random-bytes", "get-random-u64", RandomNumberGenerator.Fill);

    public static void DefineInsecure(IComponentImports imports, string instance) =>
        DefineBytesAndU64(imports, instance, "get-insecure-random-bytes", "get-insecure-random-u64", bytes => Random.Shared.NextBytes(bytes));

    public static void DefineInsecureSeed(IComponentImports imports, string instance)
    {
        // The seed is drawn once per instance, as the interface asks, but from real randomness.
        var seed = new byte[16];
        RandomNumberGenerator.Fill(seed);
        imports.DefineFunction(instance, "insecure-seed", o => (Action<int>)(ret =>
        {
            o.Memory.StoreU64(ret, BitConverter.ToUInt64(seed, 0));
            o.Memory.StoreU64(ret + 8, BitConverter.ToUInt64(seed, 8));
        }));
    }

    private static void DefineBytesAndU64(IComponentImports imports, string instance, string bytesFunction, string u64Function, Action<Span<byte>> fill)
    {
        imports.DefineFunction(instance, bytesFunction, o => (Action<long, int>)((length, ret) =>
        {
            if ((ulong)length > MaxRandomBytes)
            {
                throw new CanonicalAbiTrapException($"{bytesFunction}({(ulong)length}) asks for more than {MaxRandomBytes} bytes");
            }

            var bytes = new byte[length];
            fill(bytes);
            WasiState.StoreBytes(o, ret, bytes);
        }));
        imports.DefineFunction(instance, u64Function, _ => (Func<long>)(() =>
        {
            Span<byte> bytes = stackalloc byte[8];
            fill(bytes);
            return BitConverter.ToInt64(bytes);
        }));
    }
}
