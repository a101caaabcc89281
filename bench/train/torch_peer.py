"""PyTorch peer for bench/train: the same three models, samples/s of training steps, and a 1024²
matmul, at 1 and 2 threads (CPU) or on CUDA (`cuda` as the second argument, for bench/gpu.mjs).
Prints one JSON object. Run with Debian's /usr/bin/python3 here."""
import json, sys, time
import torch
from torch import nn

def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10)), \
        (lambda: (torch.rand(128, 784), torch.randint(0, 10, (128,)))), nn.CrossEntropyLoss(), 128

def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10)), \
        (lambda: (torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,)))), nn.CrossEntropyLoss(), 64

class EmbedLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10000, 64)
        self.lstm = nn.LSTM(64, 64, batch_first=True)
        self.out = nn.Linear(64, 1)
    def forward(self, x):
        _, (h, _) = self.lstm(self.embedding(x))
        return self.out(h[-1]).squeeze(1)

def embed_lstm():
    return EmbedLstm(), (lambda: (torch.randint(0, 10000, (64, 50)), torch.randint(0, 2, (64,)).float())), nn.BCEWithLogitsLoss(), 64

DEVICE = sys.argv[2] if len(sys.argv) > 2 else "cpu"

def sync():
    if DEVICE == "cuda":
        torch.cuda.synchronize()

def samples_per_second(make, seconds):
    model, batch, loss_fn, size = make()
    model = model.to(DEVICE)
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)
    x, y = (t.to(DEVICE) for t in batch())
    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    for _ in range(3):
        step()
    steps, start = 0, time.perf_counter()
    sync()
    while time.perf_counter() - start < seconds:
        step(); steps += 1
    sync()
    return steps * size / (time.perf_counter() - start)

def matmul_gflops():
    a, b = torch.rand(1024, 1024, device=DEVICE), torch.rand(1024, 1024, device=DEVICE)
    a @ b
    sync()
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < 1.0:
        a @ b; n += 1
        sync()
    return 2 * 1024 ** 3 * n / (time.perf_counter() - start) / 1e9

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
result = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0) if DEVICE == "cuda" else "cpu", "threads": {}}
for threads in ((1,) if DEVICE == "cuda" else (1, 2)):
    torch.set_num_threads(threads)
    result["threads"][threads] = {
        "MLP": samples_per_second(mlp, seconds),
        "CNN": samples_per_second(cnn, seconds),
        "EmbeddingLSTM": samples_per_second(embed_lstm, seconds),
        "matmul": matmul_gflops(),
    }
print(json.dumps(result))
