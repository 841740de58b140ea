namespace System.Runtime.CompilerServices;

/// <summary>Recognised by the runtime by name: lets a (dynamic) assembly carrying it access another assembly's internals.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    /// <summary>The assembly whose internals become accessible.</summary>
    public string AssemblyName { get; } = assemblyName;
}
