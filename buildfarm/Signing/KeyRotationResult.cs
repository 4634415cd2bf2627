namespace KernelAgent.BuildFarm.Signing;

/// <summary>What a rotation did, for the operator's instructions.</summary>
internal sealed record KeyRotationResult(
    string NewKeyId, string PrivateKeyPath, string PublicKeyPath, string OldKeyId, string OldPublicKeyPath, string OldPrivateKeyPath);
