using Xunit.Abstractions;

namespace WitSharp.HostRuntime.Tests.Components.Conformance;

/// <summary>
/// Component-model conformance: .wast scripts (the WebAssembly/component-model reference tests, wasm-tools' and
/// wasmtime's component-model tests) converted by plugins/tools/cm-wast2json.mjs and run by <see cref="ComponentWastRunner"/>.
/// docs/component-model-conformance.md describes how to run them and the measured counts.
/// </summary>
public sealed class ComponentModelSuiteTests(ITestOutputHelper output)
{
    private static bool JcoInstalled =>
        Directory.Exists(Path.Combine(TestFiles.RepositoryRoot, ".tools", "node_modules", "@bytecodealliance", "jco-transpile"));

    /// <summary>Runs every .wast under the directory named by COMPONENT_MODEL_TESTSUITE and prints a per-file table;
    /// does nothing when the variable is unset.</summary>
    [Fact]
    public void ExternalSuiteHasNoFailures()
    {
        var root = Environment.GetEnvironmentVariable("COMPONENT_MODEL_TESTSUITE");
        if (string.IsNullOrEmpty(root))
        {
            return;
        }

        int passed = 0, failed = 0, unsupported = 0, skipped = 0;
        var failures = new List<string>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        output.WriteLine("| file | passed | failed | unsupported | skipped |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, result) in ComponentWastRunner.RunSuite(root))
        {
            output.WriteLine($"| {name} | {result.Passed} | {result.Failed} | {result.Unsupported} | {result.Skipped} |");
            passed += result.Passed;
            failed += result.Failed;
            unsupported += result.Unsupported;
            skipped += result.Skipped;
            failures.AddRange(result.Failures.Select(failure => $"{name} {failure}"));
            foreach (var reason in result.Reasons)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        output.WriteLine($"| total | {passed} | {failed} | {unsupported} | {skipped} |");
        output.WriteLine(string.Empty);
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,5} {reason}");
        }

        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);
    }
}
