using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Sandbox;
using WitSharp.HostRuntime.Wasi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>Loads plugin components on the WitSharp engine with the <c>novywave:plugins/plugin</c> world's bindings.</summary>
public sealed class ComponentPluginLoader : IPluginLoader
{
    // Fuel metering is compiled into the code, so metered and unmetered plugins need separate engines.
    private readonly Engine unmetered = new();
    private readonly Engine metered = new(new EngineConfig { ConsumeFuel = true });

    /// <inheritdoc/>
    public IPluginArtifact Prepare(string pluginId, byte[] artifact, PluginLimits limits)
    {
        Component component;
        try
        {
            component = Component.FromBytes(limits.Fuel is null ? unmetered : metered, artifact);
        }
        catch (Exception e) when (e is ComponentFormatException or WasmException)
        {
            throw new PluginLoadException($"plugin '{pluginId}': not a loadable component: {e.Message}", e);
        }

        return new ComponentPluginArtifact(pluginId, component, limits);
    }

    /// <summary>The names a component's imports are granted by: world functions by name, interfaces that have
    /// functions by their instance name (e.g. <c>wasi:cli/stdout@0.2.0</c>); type-only interfaces need no grant.</summary>
    internal static IReadOnlyCollection<string> CapabilityImports(ComponentSignature signature) =>
        signature.Imports
            .Where(import => import.Kind == "func" || (import.Kind == "instance" && import.Type.Contains("func(", StringComparison.Ordinal)))
            .Select(import => import.Name)
            .ToArray();

    private sealed class ComponentPluginArtifact(string pluginId, Component component, PluginLimits limits) : IPluginArtifact
    {
        public IReadOnlyCollection<string> Imports { get; } = CapabilityImports(component.Signature);

        public IPluginInstance Instantiate(PluginSandbox sandbox)
        {
            var store = new Store(component.Engine, new StoreLimits((uint)limits.MemoryPages, StoreLimits.Default.MaxTableElements, StoreLimits.Default.MaxInstances));
            var linker = new ComponentLinker(component.Engine);
            PluginWorld.RegisterImports(linker, new SandboxImports(sandbox));
            // Components built by standard toolchains import WASI even when they never touch a file (printf, clocks).
            var unload = new CancellationTokenSource();
            var wasi = new WasiHost(sandbox.WasiConfiguration(unload.Token));
            ComponentInstance instance;
            try
            {
                wasi.DefineImports(linker, component.Signature.Imports.Select(import => import.Name));
                ComponentPluginInstance.Arm(store, limits);
                instance = linker.Instantiate(store, component);
            }
            catch (Exception e)
            {
                wasi.Dispose();
                unload.Dispose();
                if (e is LinkException or UnsupportedWasiImportException)
                {
                    throw new PluginLoadException($"plugin '{pluginId}': cannot link: {e.Message}", e);
                }

                throw;
            }

            return new ComponentPluginInstance(store, instance, limits, wasi, unload);
        }
    }
}
