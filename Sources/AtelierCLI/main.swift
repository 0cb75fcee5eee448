import RelayClient

print("atelier: providers: " + Presets.all.map(\.id).joined(separator: ", "))
