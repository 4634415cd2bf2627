using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>Checks every options class registered with ValidateOnStart, all at once.</summary>
internal static class FarmOptionsValidation
{
    /// <summary>
    /// Call before anything resolves an options class: a service that reads its options first would stop with
    /// that class's problems alone, and the operator would fix one section per attempt.
    /// </summary>
    /// <exception cref="OptionsValidationException">Every problem of every section, in one exception.</exception>
    public static void ValidateAll(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            throw new OptionsValidationException(
                Options.DefaultName, typeof(FarmOptionsValidation), e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(o => o.Failures));
        }
    }
}
