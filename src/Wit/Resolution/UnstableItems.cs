using System.Collections.Generic;
using System.Linq;

namespace WitSharp.Wit.Resolution
{
    /// <summary>
    /// Removes the items gated by <c>@unstable(feature = ..)</c> from resolved packages. WitSharp enables no feature, so,
    /// as wit-parser without features (what wit-bindgen and wasm-tools use by default), gated interfaces, worlds, types,
    /// functions and world items are not part of the result: bindings and component checks never expect an export a
    /// component built from the same WIT leaves out. Runs after every package is resolved, when the resolver has already
    /// reported every stable item that refers to a gated one (WIT0227).
    /// </summary>
    internal static class UnstableItems
    {
        public static void Drop(WitPackage package)
        {
            package.Interfaces = Stable(package.Interfaces, i => i.Stability);
            package.Worlds = Stable(package.Worlds, w => w.Stability);
            foreach (var @interface in package.Interfaces)
            {
                DropTypes(@interface);
                @interface.Functions = Stable(@interface.Functions, f => f.Stability);
            }

            foreach (var world in package.Worlds)
            {
                DropTypes(world);
                world.Imports = Stable(world.Imports, i => i.Stability);
                world.Exports = Stable(world.Exports, e => e.Stability);
            }
        }

        private static void DropTypes(WitTypeOwner owner)
        {
            owner.Types = Stable(owner.Types, t => t.Stability);
            foreach (var resource in owner.Types.OfType<WitResourceType>())
            {
                resource.Functions = Stable(resource.Functions, f => f.Stability);
                if (resource.Constructor != null && resource.Constructor.Stability.UnstableFeature != null)
                {
                    resource.Constructor = null;
                }
            }
        }

        private static IReadOnlyList<T> Stable<T>(IReadOnlyList<T> items, System.Func<T, WitStability> stability) =>
            items.Any(item => stability(item).UnstableFeature != null) ? items.Where(item => stability(item).UnstableFeature == null).ToList() : items;
    }
}
