namespace KernelAgent.BuildFarm.Builds;

/// <summary>What a running build reports; every call becomes an event on every attached stream.</summary>
internal interface IBuildProgress
{
    void FetchingHeaders(string package, long bytesDone, long bytesTotal, bool fromCache);

    void Compiling(string compiler);

    void Log(string line);
}
