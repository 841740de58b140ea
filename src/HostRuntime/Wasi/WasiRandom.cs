using System.Security.Cryptography;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Wasi;

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
