using System.Diagnostics;

namespace WitSharp.Wasm.Tests.Runtime;

/// <summary>Runs C compiled by clang-19 to wasm32 (built at test time; the test reports clang's absence as a failure).</summary>
public class ClangGuestTests
{
    private static byte[] BuildKernels()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Runtime", "Guests", "kernels.c");
        var output = Path.Combine(Path.GetTempPath(), $"witsharp-kernels-{Environment.ProcessId}.wasm");
        var start = new ProcessStartInfo("clang-19",
            ["--target=wasm32-wasi", "--sysroot=/usr", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all", "-o", output, source])
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
}
