using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Tests.Components;
using WitSharp.HostRuntime.Wasi;
using WitSharp.Wasm;
using ValueType = WitSharp.Wasm.ValueType;

namespace WitSharp.HostRuntime.Tests.Wasi;

/// <summary>
/// The core signatures of the WASI lowerings must be exactly what the preview1 adapter imports: checked against the
/// adapter inside the committed wasi-guest corpus component and, when scripts/install-toolchains.sh has installed
/// jco, against every import of jco's reactor and command adapters.
/// </summary>
public sealed class WasiAdapterSignatureTests
{
    [Theory]
    [InlineData("Components/Corpus/wasi-guest.component.wasm", 20)]
    [InlineData("Wasi/Guests/wasi-reactor.component.wasm", 30)]
    [InlineData("Wasi/Guests/wasi-command.component.wasm", 10)]
    [InlineData("Wasi/Guests/wasi-direct.component.wasm", 7)]
    public void ComponentAdapterImportsMatchTheLowerings(string file, int minimumChecked)
    {
        var binary = File.ReadAllBytes(Path.Combine(TestFiles.RepositoryRoot, "tests", "HostRuntime.Tests", file));
        var componentImports = ComponentSignature.Read(binary).Imports.Select(i => i.Name).ToList();
        var modules = ComponentDecoder.Decode(binary).Component.CoreModules.Select(m => m.Binary.ToArray());
        var checkedCount = CheckModules(modules, componentImports);
        Assert.True(checkedCount >= minimumChecked, $"only {checkedCount} WASI imports checked");
    }

    [Fact]
    public void JcoAdapterImportsMatchTheLowerings()
    {
        var lib = Path.Combine(TestFiles.RepositoryRoot, ".tools", "node_modules", "@bytecodealliance", "jco", "lib");
        if (!Directory.Exists(lib))
        {
            // Without jco (scripts/install-toolchains.sh; CI installs it) the component tests above still run.
            return;
        }

        foreach (var adapter in new[] { "wasi_snapshot_preview1.reactor.wasm", "wasi_snapshot_preview1.command.wasm" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(lib, adapter));
            var module = Module.FromBytes(new Engine(), bytes);
            var interfaces = module.Imports.Select(i => i.Module).Where(m => m.StartsWith("wasi:", StringComparison.Ordinal)).Distinct().ToList();
            Assert.True(CheckModules([bytes], interfaces) >= 50, adapter);
        }
    }

    /// <summary>Defines the WASI imports for <paramref name="componentImports"/> and checks every WASI function import of
    /// the modules against the lowering defined for it (matched by interface, as the component links them).</summary>
    private static int CheckModules(IEnumerable<byte[]> modules, IReadOnlyList<string> componentImports)
    {
        var guest = new FakeGuest();
        using var host = new WasiHost(new WasiConfiguration());
        host.DefineImports(guest, componentImports);
        var byInterface = componentImports.Where(n => n.StartsWith("wasi:", StringComparison.Ordinal)).ToDictionary(n => n[..n.IndexOf('@')]);
        var count = 0;
        foreach (var binary in modules)
        {
            foreach (var import in Module.FromBytes(new Engine(), binary).Imports)
            {
                if (!import.Module.StartsWith("wasi:", StringComparison.Ordinal) || import.Name.StartsWith("[resource-drop]", StringComparison.Ordinal))
                {
                    continue;
                }

                var instance = byInterface[import.Module[..import.Module.IndexOf('@')]];
                Assert.Contains((instance, import.Name), guest.Defined);
                var invoke = guest.Import<Delegate>(instance, import.Name).GetType().GetMethod("Invoke")!;
                var actual = $"{string.Join(" ", invoke.GetParameters().Select(p => CoreName(p.ParameterType)))} -> {CoreName(invoke.ReturnType)}";
                var expected = $"{string.Join(" ", import.FunctionType!.Parameters.Select(ToName))} -> {(import.FunctionType.Results.Count == 0 ? "void" : ToName(import.FunctionType.Results[0]))}";
                Assert.True(expected == actual, $"{import.Module} {import.Name}: adapter imports ({expected}), lowering is ({actual})");
                count++;
            }
        }

        return count;
    }

    private static string CoreName(Type type) =>
        type == typeof(int) ? "i32" : type == typeof(long) ? "i64" : type == typeof(float) ? "f32" : type == typeof(double) ? "f64" : type == typeof(void) ? "void" : type.Name;

    private static string ToName(ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        _ => type.ToString(),
    };
}
