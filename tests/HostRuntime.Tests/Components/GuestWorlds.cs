namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Bindings of Corpus/values.wit, generated at build time.</summary>
[WitWorld("witsharp:values/values")]
internal static partial class ValuesWorld
{
}

/// <summary>Bindings of Components/Bindings/handles.wit (a subset of Corpus/handles.wit), generated at build time.</summary>
[WitWorld("witsharp:handles/handles")]
internal static partial class HandlesWorld
{
}
