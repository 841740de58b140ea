using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace WitSharp.HostRuntime.Tests.Components.Conformance;

/// <summary>
/// Component-model conformance: .wast scripts (the WebAssembly/component-model reference tests, wasm-tools' and
/// wasmtime's component-model tests) converted by plugins/tools/cm-wast2json.mjs and run by <see cref="ComponentWastRunner"/>.
/// docs/component-model-conformance.md describes how to run them and the measured counts.
/// </summary>
public sealed partial class ComponentModelSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void RunnerCountsEveryOutcome()
    {
        if (!ComponentText.Available)
        {
            return; // cm-wast2json needs jco's wasm-tools under .tools/ (scripts/install-toolchains.sh); CI always has it.
        }

        var script = Path.Combine(Directory.CreateTempSubdirectory("witsharp-cm-selftest").FullName, "outcomes.wast");
        File.WriteAllText(script, """
            (component
              (core module $m (func (export "one") (result i32) (i32.const 1)))
              (core instance $i (instantiate $m))
              (func (export "one") (result u32) (canon lift (core func $i "one"))))
            (assert_return (invoke "one") (u32.const 1))
            (assert_return (invoke "one") (u32.const 2))
            (component
              (core module $m
                (memory (export "mem") 1)
                (func (export "text") (result i32) (i32.store8 (i32.const 0) (i32.const 255)) (i32.store (i32.const 8) (i32.const 0)) (i32.store (i32.const 12) (i32.const 1)) (i32.const 8))
                (func (export "bad") (result i32) (i32.const 2)))
              (core instance $i (instantiate $m))
              (func (export "text") (result string) (canon lift (core func $i "text") (memory (core memory $i "mem"))))
              (func (export "bad") (result bool) (canon lift (core func $i "bad"))))
            (assert_return (invoke "bad") (bool.const true))
            (assert_trap (invoke "text") "not valid UTF-8")
            (assert_trap (invoke "text") "wasmtime's wording")
            (component
              (core module $m (func (export "pick") (param i32) (result i32) (local.get 0)))
              (core instance $i (instantiate $m))
              (type $e (enum "a" "b"))
              (export $exported "e" (type $e))
              (func (export "pick") (param "x" u32) (result $exported) (canon lift (core func $i "pick"))))
            (assert_return (invoke "pick" (u32.const 1)) (enum.const "b"))
            (assert_trap (invoke "pick" (u32.const 1)) "out of range")
            (assert_invalid (component) "an empty component is valid, so this expectation is wrong")
            (assert_invalid
              (component
                (core module $m (func (export "f") (param i32 i32)))
                (core instance $i (instantiate $m))
                (func (export "f") (param "s" string) (canon lift (core func $i "f"))))
              "canonical option `memory` is required")
            (component (type (func async)))
            """);
        try
        {
            var result = ComponentWastRunner.RunScript(script);

            Assert.True(result.Failures.Count == 3, string.Join("\n", result.Failures.Concat(result.Reasons)));
            Assert.Equal((8, 3, 1, 0, 1), (result.Passed, result.Failed, result.Unsupported, result.Skipped, result.TrapMessageDiffers));
            Assert.Equal(
                ["line 6: assert_return: one returned (u32.const 1), expected (u32.const 2)", "line 25: assert_trap: pick returned (enum.const \"b\") instead of trapping"],
                result.Failures.Where(f => !f.Contains("assert_invalid: accepted", StringComparison.Ordinal)));
            Assert.Contains("trap message differs: text: expected \"wasmtime's wording\", got CanonicalAbiTrapException: cannot enter the component instance: an earlier call trapped", result.Reasons.Single(r => r.StartsWith("trap message differs", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        }
    }

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

        int passed = 0, failed = 0, unsupported = 0, skipped = 0, otherMessage = 0;
        var failures = new List<string>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        output.WriteLine("| file | passed | failed | unsupported | skipped | trapped, other message |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, result) in ComponentWastRunner.RunSuite(root))
        {
            output.WriteLine($"| {name} | {result.Passed} | {result.Failed} | {result.Unsupported} | {result.Skipped} | {result.TrapMessageDiffers} |");
            passed += result.Passed;
            failed += result.Failed;
            unsupported += result.Unsupported;
            skipped += result.Skipped;
            otherMessage += result.TrapMessageDiffers;
            failures.AddRange(result.Failures.Select(failure => $"{name} {failure}"));
            foreach (var reason in result.Reasons.Select(r => Location().Replace(r, string.Empty)))
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        output.WriteLine($"| total | {passed} | {failed} | {unsupported} | {skipped} | {otherMessage} |");
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

    /// <summary>The "(in section at byte offset N)" suffix, dropped so that equal reasons are counted together.</summary>
    [GeneratedRegex(@" \(in [^()]* at byte offset \d+\)")]
    private static partial Regex Location();
}
