/**
 * Where the MNIST-family datasets live upstream and how to recognise their files: names, mirrors,
 * published MD5s and class names.
 */

/** One upstream file: its name without `.gz`, and the MD5s that identify a good copy. */
export interface RemoteFile {
  /** e.g. `train-images-idx3-ubyte`; stored as-is or with `.gz`. */
  readonly name: string;
  /** MD5 of the upstream .gz bytes, and (when known) of the decompressed content. */
  readonly md5: readonly string[];
}

export interface MnistSpec {
  /** Display name, e.g. `FashionMNIST`. */
  readonly title: string;
  /** Folder name under `$STRIATE_DATA` and the cache, e.g. `fashion-mnist`. */
  readonly dirName: string;
  /** Where Debian's dataset package installs the files. */
  readonly systemDir: string;
  /** Base URL of the official files (ends in `/`). */
  readonly mirror: string;
  readonly train: { readonly images: RemoteFile; readonly labels: RemoteFile };
  readonly test: { readonly images: RemoteFile; readonly labels: RemoteFile };
  readonly classes: readonly string[];
}

/**
 * Fashion-MNIST (Zalando Research, MIT licence). MD5s: the upstream .gz files, and the decompressed
 * content (what Debian's recompressed copies still match).
 */
export const FASHION_MNIST_SPEC: MnistSpec = {
  title: 'FashionMNIST',
  dirName: 'fashion-mnist',
  systemDir: '/usr/share/datasets/fashion-mnist',
  mirror: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
  train: {
    images: { name: 'train-images-idx3-ubyte', md5: ['8d4fb7e6c68d591d4c3dfef9ec88bf0d', 'f4a8712d7a061bf5bd6d2ca38dc4d50a'] },
    labels: { name: 'train-labels-idx1-ubyte', md5: ['25c81989df183df01b3e8a0aad5dffbe', '9018921c3c673c538a1fc5bad174d6f9'] },
  },
  test: {
    images: { name: 't10k-images-idx3-ubyte', md5: ['bef4ecab320f06d8554ea6380940ec79', '8181f5470baa50b63fa0f6fddb340f0a'] },
    labels: { name: 't10k-labels-idx1-ubyte', md5: ['bb300cfdad3c16e7a12a480ee83cd310', '15d484375f8d13e6eb1aabb0c3f46965'] },
  },
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

/** MNIST, from the ossci-datasets S3 mirror torchvision uses; MD5s of the .gz files as torchvision publishes them. */
export const MNIST_SPEC: MnistSpec = {
  title: 'MNIST',
  dirName: 'mnist',
  systemDir: '/usr/share/datasets/mnist',
  mirror: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
  train: {
    images: { name: 'train-images-idx3-ubyte', md5: ['f68b3c2dcbeaaa9fbdd348bbdeb94873'] },
    labels: { name: 'train-labels-idx1-ubyte', md5: ['d53e105ee54ea40749a09fcbcd1e9432'] },
  },
  test: {
    images: { name: 't10k-images-idx3-ubyte', md5: ['9fb629c4189551a2d022fa330f9573f3'] },
    labels: { name: 't10k-labels-idx1-ubyte', md5: ['ec29112dd5afa0611ce80d1b7f02629c'] },
  },
  classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};
