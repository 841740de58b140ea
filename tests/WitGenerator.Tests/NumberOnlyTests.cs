namespace WitSharp.WitGenerator.Tests;

/// <summary>
/// Which exports get the inlinable number-only proxy: at most four core parameters call a typed handle, five to sixteen
/// a delegate, and more than sixteen (spilled into guest memory through cabi_realloc) keep the general proxy, whose
/// exception filter tells host errors from traps. Resource statics qualify; methods (a borrow) do not.
/// </summary>
public sealed class NumberOnlyTests
{
    private const string Wit = """
        package witsharp:numbers@1.0.0;

        interface counters {
            resource counter {
                constructor(start: u32);
                bump: func(by: u32) -> u32;
                make-id: static func(seed: u32) -> u64;
            }
        }

        world numbers {
            export counters;
            export pair: func(a: u32, b: s64) -> f64;
            export five: func(a: u8, b: s16, c: u32, d: f32, e: bool) -> u32;
            export seventeen: func(a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32, j: u32, k: u32, l: u32, m: u32, n: u32, o: u32, p: u32, q: u32) -> u32;
            export letter: func(c: char) -> char;
        }
        """;

    private static string Generate()
    {
        var (output, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.WorldClass("witsharp:numbers/numbers"), new WitAdditionalText("numbers.wit", Wit));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        return GeneratorHarness.WorldSource(run);
    }

    private static string Method(string source, string signature)
    {
        var start = source.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{signature}' in the generated source");
        var end = source.IndexOf("\n            }\n", start, StringComparison.Ordinal);
        return source[start..end];
    }

    [Fact]
    public void Generated_bindings_compile()
    {
        _ = Generate();
    }

    [Fact]
    public void Each_export_gets_the_proxy_its_signature_allows()
    {
        var source = Generate();

        Assert.Contains("_function0.GetTypedCore<global::WitSharp.Wasm.TypedFunction<int, long, double>>()", source);
        Assert.Contains("_guard.Enter();", Method(source, "public double Pair("));
        Assert.Contains("_guard.EnsureLeft();", Method(source, "public double Pair("));

        var five = Method(source, "public uint Five(");
        Assert.Contains("_guard.EnsureLeft();", five);
        Assert.Contains("GetCore<global::System.Func<int, int, int, float, int, int>>()", source);

        var seventeen = Method(source, "public uint Seventeen(");
        Assert.Contains("_options.Realloc(", seventeen);
        Assert.Contains(".Poison(_trap)", seventeen);
        Assert.DoesNotContain("EnsureLeft", seventeen);

        // A char result is checked while lifting (surrogates trap), so it keeps the general proxy.
        Assert.Contains(".Poison(_trap)", Method(source, "public global::System.Text.Rune Letter("));

        Assert.Contains("_guard.EnsureLeft();", Method(source, "internal ulong _Counter_MakeId("));
        Assert.Contains(".Poison(_trap)", Method(source, "internal uint _Counter_Bump("));
    }
}
