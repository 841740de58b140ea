using Xunit.Abstractions;

namespace WitSharp.Wasm.Tests.Spec;

public class SpecTests(ITestOutputHelper output)
{
    private static readonly string s_ownScripts = Path.Combine(AppContext.BaseDirectory, "Spec", "wast");

    public static TheoryData<string> OwnScripts() =>
        new(Directory.EnumerateFiles(s_ownScripts, "*.wast").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(OwnScripts))]
    public void OwnScriptPasses(string script)
    {
        var result = WastRunner.Run(Path.Combine(s_ownScripts, script));
        foreach (var failure in result.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(result.Failures);
        Assert.True(result.Passed > 0, "the script ran no commands");
    }

    [Fact]
    public void RunnerReportsEveryWrongExpectation()
    {
        var script = Path.Combine(Directory.CreateTempSubdirectory("witsharp-wast-selftest").FullName, "wrong.wast");
        File.WriteAllText(script, """
            (module (func (export "five") (result i32) (i32.const 5)) (func (export "nan") (result f32) (f32.const nan:0x1)))
            (assert_return (invoke "five") (i32.const 6))
            (assert_return (invoke "nan") (f32.const nan:arithmetic))
            (assert_trap (invoke "five") "unreachable")
            (assert_invalid (module) "type mismatch")
            (assert_unlinkable (module) "unknown import")
            (assert_return (invoke "five") (i32.const 5))
            """);
        try
        {
            var result = WastRunner.Run(script);
            Assert.Equal(2, result.Passed);
            Assert.Equal(5, result.Failed);
            Assert.Contains(result.Failures, failure => failure.StartsWith("line 2: assert_return", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        }
    }

    /// <summary>
    /// Runs every .wast under the directory named by WASM_SPEC_TESTSUITE (for example a checkout of
    /// WebAssembly/testsuite reduced to the supported proposals) and prints a per-file table; skipped when unset.
    /// </summary>
    [Fact]
    public void ExternalSuitePasses()
    {
        var root = Environment.GetEnvironmentVariable("WASM_SPEC_TESTSUITE");
        if (string.IsNullOrEmpty(root))
        {
            return;
        }

        int passed = 0, failed = 0, skipped = 0;
        output.WriteLine("| file | passed | failed | skipped |");
        output.WriteLine("|---|---:|---:|---:|");
        var failures = new List<string>();
        foreach (var path in Directory.EnumerateFiles(root, "*.wast", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, path);
            var result = WastRunner.Run(path);
            output.WriteLine($"| {name} | {result.Passed} | {result.Failed} | {result.Skipped} |");
            passed += result.Passed;
            failed += result.Failed;
            skipped += result.Skipped;
            failures.AddRange(result.Failures.Select(failure => $"{name} {failure}"));
        }

        output.WriteLine($"| total | {passed} | {failed} | {skipped} |");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);
    }
}
