namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Bindings of Corpus/values.wit, generated at build time.</summary>
[WitWorld("witsharp:values/values")]
internal static partial class ValuesWorld
{
}
