using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// Holds the host's implementations of component imports (usually registered by generated bindings) and instantiates
/// components with them. One linker can instantiate many components, each into its own <see cref="ComponentInstance"/>.
/// </summary>
public sealed class ComponentLinker : IComponentImports
{
    private readonly Dictionary<(string Instance, string Function), ImportLowering> functions = [];
    private readonly Dictionary<(string Instance, string Resource), Action<int>> destructors = [];

    /// <summary>Creates an empty linker for components of <paramref name="engine"/>.</summary>
    /// <param name="engine">The engine.</param>
    public ComponentLinker(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <inheritdoc/>
    public void DefineFunction(string? instanceName, string functionName, ImportLowering lowering)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        ArgumentNullException.ThrowIfNull(lowering);
        functions[(instanceName ?? string.Empty, functionName)] = lowering;
    }

    /// <summary>
    /// Registers the destructor of a resource type the host implements; it is called with the representation when the
    /// guest drops an owned handle of that type (<c>canon resource.drop</c>). Without one, a drop only removes the handle.
    /// </summary>
    /// <param name="instanceName">The interface defining the resource, as the component imports it (with version), or the
    /// empty string for a resource the world declares itself.</param>
    /// <param name="resourceName">The resource's name.</param>
    /// <param name="destructor">Receives the representation of the dropped resource.</param>
    public void DefineResourceDestructor(string instanceName, string resourceName, Action<int> destructor)
    {
        ArgumentNullException.ThrowIfNull(instanceName);
        ArgumentNullException.ThrowIfNull(resourceName);
        ArgumentNullException.ThrowIfNull(destructor);
        destructors[(instanceName, resourceName)] = destructor;
    }

    /// <summary>
    /// Instantiates <paramref name="component"/> in <paramref name="store"/>: runs its instantiation program (core
    /// instances in order, lowered imports from this linker's definitions, lifted exports).
    /// </summary>
    /// <param name="store">The store the component's core instances live in.</param>
    /// <param name="component">The component.</param>
    /// <returns>The instance, whose exports generated proxies call.</returns>
    /// <exception cref="LinkException">An imported function is not defined (every missing one is named with its WIT
    /// type) or a host lowering has the wrong core signature.</exception>
    /// <exception cref="TrapException">A core module's start function trapped.</exception>
    public ComponentInstance Instantiate(Store store, Component component)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(component);
        if (store.Engine != Engine || component.Engine != Engine)
        {
            throw new ArgumentException("the store, component and linker must share one engine");
        }

        if (component.EmbeddedModule is not null)
        {
            return new EmbeddedInstantiation(this, store, component).Run();
        }

        CheckImportsDefined(component);
        return new Instantiation(this, store, component).Run();
    }

    internal ImportLowering? FindFunction(string? instanceName, string functionName) =>
        functions.GetValueOrDefault((instanceName ?? string.Empty, functionName));

    internal Action<int>? FindDestructor(string instanceName, string resourceName) =>
        destructors.GetValueOrDefault((instanceName, resourceName));

    /// <summary>Every function the component imports must be defined, before any guest code runs.</summary>
    private void CheckImportsDefined(Component component)
    {
        var missing = new List<string>();
        foreach (var import in component.Definition.Imports)
        {
            if (import.Type.Kind == ExternKind.Func && FindFunction(null, import.Name.Name) is null)
            {
                missing.Add($"{import.Name.Name}: {new WitPrinter().Extern(import.Type, component.Scope)}");
            }
            else if (import.Type.Kind == ExternKind.Instance && component.Scope.InstanceTypeScope(import.Type.Index) is { } instance)
            {
                foreach (var (_, name, type) in instance.Externs)
                {
                    if (type.Kind == ExternKind.Func && FindFunction(import.Name.Name, name.Name) is null)
                    {
                        missing.Add($"{import.Name.Name}#{name.Name}: {new WitPrinter().Extern(type, instance)}");
                    }
                }
            }
        }

        if (missing.Count > 0)
        {
            throw new LinkException($"component imports {missing.Count} function(s) the linker does not define: {string.Join("; ", missing)}");
        }
    }
}
