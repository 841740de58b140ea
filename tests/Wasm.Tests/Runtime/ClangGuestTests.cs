using System.Diagnostics;

namespace WitSharp.Wasm.Tests.Runtime;

/// <summary>Runs C compiled by clang-19 to wasm32 (built at test time; the test reports clang's absence as a failure).</summary>
public class ClangGuestTests
{
    private static byte[] BuildKernels(string name = "kernels", params string[] flags)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Runtime", "Guests", name + ".c");
        var output = Path.Combine(Path.GetTempPath(), $"witsharp-{name}-{Environment.ProcessId}.wasm");
        var start = new ProcessStartInfo("clang-19",
            ["--target=wasm32-wasi", "--sysroot=/usr", "-O2", .. flags, "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all", "-o", output, source])
        { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        var bytes = File.ReadAllBytes(output);
        File.Delete(output);
        return bytes;
    }

    [Fact]
    public void CKernelsComputeTheSameResultsAsNativeCode()
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, BuildKernels());
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        Assert.Equal(6765, instance.GetFunction("fib")!.Invoke([Value.FromI32(20)])[0].AsI32());

        uint h = 2166136261u;
        var table = new uint[256];
        for (uint i = 0; i < 1000; i++)
        {
            table[i & 255] = i * 2654435761u;
            h = (h ^ table[i & 255]) * 16777619u;
        }

        Assert.Equal((int)h, instance.GetFunction("checksum")!.Invoke([Value.FromI32(1000)])[0].AsI32());
        var mix = 1L;
        for (var i = 1; i <= 1000; i++)
        {
            mix = unchecked(mix * 6364136223846793005L + table[i & 255]);
        }

        Assert.Equal(mix, instance.GetFunction("mix")!.Invoke([Value.FromI32(1000)])[0].AsI64());
        var harmonic = 0d;
        for (var i = 1; i <= 100; i++)
        {
            harmonic += 1.0 / i;
        }

        Assert.Equal(harmonic, instance.GetFunction("harmonic")!.Invoke([Value.FromI32(100)])[0].AsF64());
    }

    [Fact]
    public void SimdKernelsComputeTheSameResultsAsTheirScalarEquivalents()
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, BuildKernels("simd_kernels", "-msimd128"));
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        int Call32(string name, params Value[] arguments) => instance.GetFunction(name)!.Invoke(arguments)[0].AsI32();

        // The inputs fill() computes, from the same linear congruential sequence.
        var seed = 12345u;
        uint Next() => seed = unchecked((seed * 1103515245u) + 12345u);
        var bytes = new byte[1024];
        var xs = new float[256];
        var ys = new float[256];
        var words = new int[256];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(Next() >> 16);
        }

        for (var i = 0; i < 256; i++)
        {
            xs[i] = ((int)(Next() >> 20) / 64.0f) - 16.0f;
            ys[i] = (int)(Next() >> 20) / 128.0f;
            words[i] = (int)seed;
        }

        instance.GetFunction("fill")!.Invoke([Value.FromI32(12345)]);

        var lanes = new int[16];
        for (var i = 0; i < bytes.Length; i++)
        {
            lanes[i % 16] = Math.Min(255, lanes[i % 16] + bytes[i]);
        }

        Assert.Equal(lanes.Sum(), Call32("saturating_lanes"));

        var sums = new float[4];
        for (var i = 0; i < 256; i++)
        {
            sums[i % 4] += xs[i] * ys[i];
        }

        Assert.Equal(((sums[0] + sums[1]) + sums[2]) + sums[3], instance.GetFunction("dot")!.Invoke([])[0].AsF32());
        Assert.Equal(xs.Zip(ys).Count(pair => pair.First < pair.Second), Call32("count_less"));
        Assert.Equal(words.Sum(word => (long)Math.Clamp(word >> 8, -1000, 500_000)),
            instance.GetFunction("clamp_sum")!.Invoke([Value.FromI32(-1000), Value.FromI32(500_000)])[0].AsI64());

        var hash = 2166136261u;
        for (var i = 0; i < bytes.Length; i++)
        {
            hash = (hash ^ bytes[(i & ~15) + 15 - (i & 15)]) * 16777619u;
        }

        Assert.Equal((int)hash, Call32("reverse_blocks"));
    }
}
