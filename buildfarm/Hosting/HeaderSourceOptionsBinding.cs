using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// Binds the header sources' sections (<c>Headers:Debian</c>, <c>Headers:Ubuntu</c>, <c>Headers:Rpm</c>) and
/// validates them at start, every problem reported at once.
/// </summary>
internal static class HeaderSourceOptionsBinding
{
    public static IServiceCollection AddHeaderSourceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        var debian = configuration.GetSection(DebianHeaderSourceOptions.Section);
        services.AddOptions<DebianHeaderSourceOptions>().Bind(debian)
            .PostConfigure(o => ReplaceDefaults(o.Sources, debian.GetSection(nameof(DebianHeaderSourceOptions.Sources))))
            .ValidateOnStart();
        var ubuntu = configuration.GetSection(UbuntuHeaderSourceOptions.Section);
        services.AddOptions<UbuntuHeaderSourceOptions>().Bind(ubuntu)
            .PostConfigure(o =>
            {
                ReplaceDefaults(o.Pockets, ubuntu.GetSection(nameof(UbuntuHeaderSourceOptions.Pockets)));
                ReplaceDefaults(o.Components, ubuntu.GetSection(nameof(UbuntuHeaderSourceOptions.Components)));
            })
            .ValidateOnStart();
        services.AddOptions<RpmHeaderSourceOptions>().Bind(configuration.GetSection(RpmHeaderSourceOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DebianHeaderSourceOptions>, DebianHeaderSourceOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UbuntuHeaderSourceOptions>, UbuntuHeaderSourceOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RpmHeaderSourceOptions>, RpmHeaderSourceOptionsValidator>());
        return services;
    }

    // The binder appends a configured list to the default one ("main" + "main", "universe"); a configured list
    // is meant to be the whole list. An empty string stays an entry (the release pocket "").
    private static void ReplaceDefaults(IList<string> list, IConfigurationSection section)
    {
        var configured = section.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value ?? "").ToList();
        if (configured.Count == 0)
        {
            return;
        }

        list.Clear();
        foreach (var item in configured)
        {
            list.Add(item);
        }
    }
}
