using WitSharp.Wasm;

namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>
/// Produces the core function a guest imports for one WIT import, given the canonical options of its
/// <c>canon lower</c>. Generated bindings return a typed delegate over core types (<c>int</c>, <c>long</c>,
/// <c>float</c>, <c>double</c>; e.g. <c>Action&lt;int, int, int&gt;</c>) that lifts the arguments, calls the host
/// implementation and lowers the result.
/// </summary>
/// <param name="options">The lowering's memory, realloc, string encoding and resource handle table.</param>
public delegate Delegate ImportLowering(CanonicalOptions options);

/// <summary>Where generated bindings register the host's implementations of a world's imports.</summary>
public interface IComponentImports
{
    /// <summary>Registers the implementation of an imported function.</summary>
    /// <param name="instanceName">The imported interface's name (e.g. <c>wasi:cli/stdout@0.2.0</c>), or null for a
    /// function imported directly by the world.</param>
    /// <param name="functionName">The WIT function name, e.g. <c>log</c> or <c>[method]stream.write</c>.</param>
    /// <param name="lowering">Builds the core function from the lowering's options.</param>
    void DefineFunction(string? instanceName, string functionName, ImportLowering lowering);

    /// <summary>
    /// Registers the destructor of a resource type the host implements (an imported resource, e.g. WASI's
    /// <c>output-stream</c>): <c>canon resource.drop</c> of an owned handle of that type calls it with the handle's
    /// representation. The type's handles are <c>ResourceTables.For("&lt;instanceName&gt;#&lt;resourceName&gt;")</c>, keyed by
    /// the instance that defines the resource. The default ignores the destructor, for runtimes that never report
    /// drops; the host then releases its objects when the instance is disposed.
    /// </summary>
    /// <param name="instanceName">The imported interface defining the resource, e.g. <c>wasi:io/streams@0.2.12</c>, or the
    /// empty string for a resource the world declares itself (imported at top level; its table key is just its name).</param>
    /// <param name="resourceName">The resource's name in that interface, e.g. <c>output-stream</c>.</param>
    /// <param name="destructor">Called with the representation of each dropped owned handle.</param>
    void DefineResourceDestructor(string instanceName, string resourceName, Action<int> destructor)
    {
    }
}

/// <summary>One exported function of an instantiated component, as generated export proxies call it.</summary>
public abstract class LiftedFunction
{
    private readonly InstanceGuard guard;

    /// <summary>Creates the function of an instance.</summary>
    /// <param name="options">The <c>canon lift</c> options.</param>
    /// <param name="guard">The instance's guard, shared by all of its exported functions.</param>
    protected LiftedFunction(CanonicalOptions options, InstanceGuard guard)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        this.guard = guard ?? throw new ArgumentNullException(nameof(guard));
    }

    /// <summary>The <c>canon lift</c> options: memory, realloc, string encoding, resource handle table.</summary>
    public CanonicalOptions Options { get; }

    /// <summary>The guard of the instance the function belongs to, which proxies of number-only functions use directly.</summary>
    public InstanceGuard Guard => guard;

    /// <summary>Starts a call: refuses an instance that trapped earlier or is already running (see <see cref="InstanceGuard"/>).</summary>
    /// <exception cref="CanonicalAbiTrapException">The instance may not be entered.</exception>
    public void Enter()
    {
        guard.Enter();
        guard.BeginLift();
    }

    /// <summary>Ends a call that completed, after its post-return.</summary>
    public void Leave() => guard.Leave();

    /// <summary>Ends a call an exception escaped, poisoning the instance if it is a trap (see <see cref="InstanceGuard.Poison"/>); always <see langword="false"/>, for exception filters.</summary>
    /// <param name="exception">The exception.</param>
    public bool Poison(Exception exception) => guard.Poison(exception);

    /// <summary>Returns the core function behind the export as a typed delegate over core types, e.g.
    /// <c>Func&lt;int, int, int&gt;</c>; a delegate type that does not match the core signature throws.</summary>
    /// <typeparam name="TDelegate">The delegate type.</typeparam>
    public abstract TDelegate GetCore<TDelegate>() where TDelegate : Delegate;

    /// <summary>Returns the core function behind the export as a typed handle, e.g. <c>TypedFunction&lt;int, int, int&gt;</c>:
    /// cheaper to call than <see cref="GetCore{TDelegate}"/>'s delegate (a call of a leaf function is inlined into the
    /// caller). A handle type that does not match the core signature throws.</summary>
    /// <typeparam name="THandle">The handle type.</typeparam>
    public abstract THandle GetTypedCore<THandle>() where THandle : TypedHandle;

    /// <summary>Returns the <c>post-return</c> function (taking the core results) as a typed delegate, or null when
    /// the export has none. Generated code calls it after lifting the results.</summary>
    /// <typeparam name="TDelegate">The delegate type, e.g. <c>Action&lt;int&gt;</c>.</typeparam>
    public abstract TDelegate? GetPostReturn<TDelegate>() where TDelegate : Delegate;
}

/// <summary>Where generated export proxies find a component instance's exported functions.</summary>
public interface IComponentExports
{
    /// <summary>Returns an exported function.</summary>
    /// <param name="instanceName">The exported interface's name, or null for a function exported directly by the world.</param>
    /// <param name="functionName">The WIT function name.</param>
    LiftedFunction GetFunction(string? instanceName, string functionName);

    /// <summary>
    /// Destroys a resource the component defines whose owned handle the host holds (lifted out of an export's result, which
    /// removed the handle from the component's table and left the host the representation): runs the component's
    /// destructor for the type, if it has one.
    /// </summary>
    /// <param name="resourceKey">The resource's key, "&lt;exported interface&gt;#&lt;resource&gt;", e.g. <c>witsharp:handles/counters@1.0.0#counter</c>;
    /// "[export]&lt;interface&gt;#&lt;resource&gt;" when the component also imports the interface (whose resource of that name is the host's).</param>
    /// <param name="representation">The representation the host received when it lifted the owned handle.</param>
    void DropResource(string resourceKey, int representation);
}
